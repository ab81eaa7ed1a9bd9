using System.Collections.Concurrent;
using System.Diagnostics;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Checks that the real clients are installed before an end-to-end test uses them, and fails with
/// what to run when they are not: a missing client must never turn into a silent pass or skip.
/// </summary>
public static class E2ePrerequisites
{
    private static readonly ConcurrentDictionary<string, string?> Checked = new();

    /// <summary>Node, e2e/node_modules with grpc-js-xds, and the istiod-net build next to the tests.</summary>
    public static void RequireNode() => Require("node", CheckNode);

    /// <summary>Debian's /usr/bin/python3 with the grpc module (python3-grpcio).</summary>
    public static void RequirePython() => Require("python", CheckPython);

    public static void RequireClient(E2eClientKind kind)
    {
        if (kind == E2eClientKind.Node)
        {
            RequireNode();
        }
        else
        {
            RequirePython();
        }
    }

    public static void RequireIstiodBuild()
    {
        foreach (var file in new[] { E2ePaths.IstiodDll, E2ePaths.IstiodRuntimeConfig })
        {
            if (!File.Exists(file))
            {
                Assert.Fail($"{file} is missing: the test project must reference Istiod.Net so `dotnet build` copies the control plane next to the tests.");
            }
        }
    }

    private static void Require(string what, Func<string?> check)
    {
        var problem = Checked.GetOrAdd(what, _ => check());
        if (problem is not null)
        {
            Assert.Fail($"{problem}. The end-to-end tests need the real xDS clients: run `{E2ePaths.InstallScript}` (npm ci in e2e/, apt-get install python3-grpcio), then run the tests again.");
        }
    }

    private static string? CheckNode()
    {
        var package = Path.Combine(E2ePaths.E2eDirectory, "node_modules", "@grpc", "grpc-js-xds", "package.json");
        if (!File.Exists(package))
        {
            return $"{package} is missing (npm modules of e2e/ not installed)";
        }
        return RunQuietly("node", ["-e", "require('@grpc/grpc-js-xds'); require('@grpc/grpc-js')"], "node cannot load @grpc/grpc-js-xds");
    }

    private static string? CheckPython()
    {
        if (!File.Exists(E2ePaths.Python))
        {
            return $"{E2ePaths.Python} is missing";
        }
        return RunQuietly(E2ePaths.Python, ["-c", "import grpc"], $"{E2ePaths.Python} cannot import grpc (Debian package python3-grpcio)");
    }

    private static string? RunQuietly(string fileName, string[] arguments, string failure)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = E2ePaths.E2eDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(startInfo)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                return $"{failure}: no answer within 60 s";
            }
            return process.ExitCode == 0 ? null : $"{failure}: {stderr.Result.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{failure}: cannot run {fileName}: {e.Message}";
        }
    }
}
