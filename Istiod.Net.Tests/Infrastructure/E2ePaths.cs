namespace Istiod.Net.Tests.Infrastructure;

/// <summary>Where the end-to-end pieces live: the repository's e2e/ folder and the built control plane.</summary>
public static class E2ePaths
{
    /// <summary>e2e/ at the repository root: the Node and Python clients, the backend, install.sh.</summary>
    public static string E2eDirectory => Path.Combine(RepositoryPaths.Root, "e2e");

    public static string InstallScript => Path.Combine(E2eDirectory, "install.sh");

    /// <summary>
    /// The control plane as built next to the tests (the test project references Istiod.Net, so
    /// its dll, deps and runtimeconfig are copied here), run with `dotnet istiod-net.dll`.
    /// </summary>
    public static string IstiodDll => Path.Combine(AppContext.BaseDirectory, "istiod-net.dll");

    public static string IstiodRuntimeConfig => Path.Combine(AppContext.BaseDirectory, "istiod-net.runtimeconfig.json");

    public const string Python = "/usr/bin/python3";
}
