using System.Diagnostics;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Runs e2e/ringhash_probe.py, the smallest reproduction of the gRPC C-core 1.51.1 ring_hash crash
/// (docs/DESIGN.md): a ring-hash test skips the Python client only while this core really dies on a
/// plain ring_hash channel, so an installed core with the upstream fix runs the test for both clients.
/// The round_robin control must survive, or the probe proves nothing and no skip is granted.
/// </summary>
public static class E2eRingHashProbe
{
    /// <summary>The exit code .NET reports for a child killed by a signal: 128 + SIGSEGV (11).</summary>
    private const int KilledBySigsegv = 139;

    private static readonly Lazy<string?> Crash = new(Probe);

    /// <summary>Why the installed C-core cannot run ring hash, or null when it can (or the probe is inconclusive).</summary>
    public static string? PythonCrash() => Crash.Value;

    private static string? Probe()
    {
        var control = Run("round_robin");
        if (control.ExitCode != 0)
        {
            return null;
        }
        var ringHash = Run("ring_hash_experimental");
        return ringHash.ExitCode == KilledBySigsegv
            ? $"{E2ePaths.Python} e2e/ringhash_probe.py died with SIGSEGV on a plain ring_hash channel (round_robin survives: {control.Output})"
            : null;
    }

    private static (int ExitCode, string Output) Run(string policy)
    {
        var startInfo = new ProcessStartInfo(E2ePaths.Python)
        {
            WorkingDirectory = E2ePaths.E2eDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("ringhash_probe.py");
        startInfo.ArgumentList.Add(policy);
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "no answer within 60 s");
        }
        return (process.ExitCode, stdout.Result.Trim().ReplaceLineEndings("; "));
    }
}
