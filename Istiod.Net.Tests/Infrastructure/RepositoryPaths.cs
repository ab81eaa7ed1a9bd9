namespace Istiod.Net.Tests.Infrastructure;

/// <summary>Finds the repository from the test's output folder, so tests can read sources and samples.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Source => Path.Combine(Root, "Istiod.Net");

    public static string Samples => Path.Combine(Root, "samples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Istiod.Net.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Istiod.Net.sln above {AppContext.BaseDirectory}");
    }
}
