using System.Text.RegularExpressions;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Architecture;

/// <summary>
/// The data flow goes one way (sources → store → push context → generators → protocol). These tests
/// read the sources and fail when an area starts to reference one it must not know.
/// </summary>
public sealed partial class DependencyDirectionTests
{
    // Area → the areas it may reference (besides itself). Diagnostics and Hosting join everything and are not checked.
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Grpc"] = ["Diagnostics"], // LogText: method paths and content types are client text
        ["Kube"] = ["Diagnostics"],
        ["Security"] = ["Config", "Grpc", "Kube", "Diagnostics"],
        ["Config"] = ["Kube", "Diagnostics"],
        ["Xds.Protocol"] = ["Grpc", "Diagnostics"],
        ["Registry"] = ["Config", "Kube", "Diagnostics"],
        ["Push"] = ["Config", "Registry", "Xds.Protocol", "Diagnostics"],
        ["Xds.Cache"] = ["Xds.Protocol", "Diagnostics"],
        ["Xds.Validation"] = [],
        ["Xds.Bootstrap"] = ["Xds.Validation"],
        ["Xds.Generation"] = ["Config", "Registry", "Push", "Xds.Protocol", "Xds.Cache", "Xds.Validation", "Security", "Diagnostics"],
    };

    public static IEnumerable<string> Areas => Allowed.Keys;

    [TestCaseSource(nameof(Areas))]
    public void Area_references_only_what_it_may(string area)
    {
        var folder = Path.Combine(RepositoryPaths.Source, area.Replace('.', Path.DirectorySeparatorChar));
        if (!Directory.Exists(folder))
        {
            Assert.Ignore($"{area} has no code yet");
        }

        var allowed = Allowed[area].Append(area).ToArray();
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in Reference().Matches(text))
            {
                var target = AreaOf(m.Groups[1].Value);
                if (target is not null && IsArea(target) && !allowed.Contains(target))
                {
                    violations.Add($"{Path.GetRelativePath(RepositoryPaths.Root, file)} references Istiod.Net.{m.Groups[1].Value}");
                }
            }
        }

        Assert.That(violations, Is.Empty, $"{area} may reference only {string.Join(", ", allowed)}");
    }

    [Test]
    public void The_check_sees_a_violation()
    {
        // Guards the guard: the pattern must catch both using directives and qualified names.
        var sample = "using Istiod.Net.Config.Model;\nvar x = new Istiod.Net.Xds.Generation.Foo();";
        var found = Reference().Matches(sample).Select(m => AreaOf(m.Groups[1].Value)).ToArray();
        Assert.That(found, Is.EqualTo(new[] { "Config", "Xds.Generation" }));
    }

    /// <summary>Only namespaces that are folders of the project count; a type name in a string does not.</summary>
    private static bool IsArea(string area) =>
        Directory.Exists(Path.Combine(RepositoryPaths.Source, area.Replace('.', Path.DirectorySeparatorChar)));

    /// <summary>The area a namespace belongs to: Xds.* areas have two parts, the others one.</summary>
    private static string? AreaOf(string ns)
    {
        var parts = ns.Split('.');
        if (parts[0] == "Xds")
        {
            return parts.Length > 1 ? $"Xds.{parts[1]}" : null;
        }

        return parts[0];
    }

    [GeneratedRegex(@"\bIstiod\.Net\.((?:[A-Z][A-Za-z]*)(?:\.[A-Z][A-Za-z]*)*)")]
    private static partial Regex Reference();
}
