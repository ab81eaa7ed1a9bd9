using System.Text.RegularExpressions;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Architecture;

/// <summary>
/// docs/SECURITY.md names the tests that hold each promise. A renamed or deleted test must not leave a
/// promise pointing at nothing, so every `SomethingTests` or `SomethingTests.Method` it names must exist.
/// </summary>
public sealed partial class SecurityDocTests
{
    [Test]
    public void Every_test_the_security_page_names_exists()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "SECURITY.md"));
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "Istiod.Net.Tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .ToDictionary(f => f, File.ReadAllText);

        var missing = new List<string>();
        string? lastClass = null;
        foreach (Match m in NamedTest().Matches(page))
        {
            var cls = m.Groups["class"].Success ? m.Groups["class"].Value : lastClass;
            var method = m.Groups["method"].Success ? m.Groups["method"].Value : null;
            if (cls is null)
            {
                missing.Add(m.Value);
                continue;
            }

            lastClass = cls;
            var file = sources.FirstOrDefault(s => Regex.IsMatch(s.Value, $@"\bclass {cls}\b"));
            if (file.Key is null || (method is not null && !file.Value.Contains(method, StringComparison.Ordinal)))
            {
                missing.Add(m.Value);
            }
        }

        Assert.That(missing, Is.Empty, "docs/SECURITY.md names tests that do not exist");
    }

    // `ClassTests`, `ClassTests.Method` or `.Method` (a further method of the class named just before).
    [GeneratedRegex(@"`(?:(?<class>[A-Z][A-Za-z0-9]*Tests)(?:\.(?<method>[A-Za-z0-9_]+))?|\.(?<method>[A-Za-z0-9_]+))`")]
    private static partial Regex NamedTest();
}
