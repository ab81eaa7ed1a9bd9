using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Validation.Files;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// The folders of Istio config the repository carries (every folder under samples/, every testdata folder
/// under the tests), found when the tests run so that a new sample is covered without editing a list.
/// </summary>
public static class ConfigFolders
{
    /// <summary>
    /// Whether a folder is Istio config: samples/ also holds a mesh config and Kubernetes manifests for
    /// injection, which are inputs of other commands.
    /// </summary>
    private static bool HoldsIstioConfig(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Any(f => System.Text.RegularExpressions.Regex.IsMatch(File.ReadAllText(f), @"apiVersion:\s*[a-z.]+\.istio\.io/"));

    public static IEnumerable<string> All()
    {
        var samples = Directory.Exists(RepositoryPaths.Samples)
            ? Directory.EnumerateDirectories(RepositoryPaths.Samples)
            : [];
        var testdata = Directory.EnumerateDirectories(Path.Combine(RepositoryPaths.Root, "Istiod.Net.Tests"), "testdata", SearchOption.AllDirectories)
            .Where(d => !d.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        return samples.Concat(testdata)
            .Where(HoldsIstioConfig)
            .Select(d => Path.GetRelativePath(RepositoryPaths.Root, d))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>Every config in the folder (read recursively); fails on any document that does not parse and validate.</summary>
    public static IReadOnlyList<ConfigObject> Load(string relativeFolder)
    {
        var (inputs, problem) = ConfigInputReader.Read([Path.Combine(RepositoryPaths.Root, relativeFolder)], TextReader.Null);
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }

        var results = ConfigInputReader.Parse(new ConfigParser(), inputs);
        var bad = results.Where(r => r.Outcome is ParseOutcome.Invalid or ParseOutcome.Unreadable).ToList();
        if (bad.Count > 0)
        {
            throw new InvalidOperationException(string.Join("\n", bad.Select(r => $"{r.Location}: {string.Join("; ", r.Errors)}")));
        }

        return [.. results.Select(r => r.Config).OfType<ConfigObject>()];
    }
}
