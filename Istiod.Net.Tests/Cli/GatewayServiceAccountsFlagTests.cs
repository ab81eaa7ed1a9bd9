using System.Diagnostics;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Cli;

/// <summary>Finding 2 of issue 13: <c>serve --gateway-service-accounts</c> refuses a bad list with a clear line and exit 2, no stack trace.</summary>
public sealed class GatewayServiceAccountsFlagTests
{
    [TestCase("istio-system", "not <namespace>/<service account>")]
    [TestCase("a/B", "not <namespace>/<service account>")]
    public async Task A_bad_entry_stops_serve_before_it_starts(string value, string message)
    {
        var (exit, error) = await RunAsync("serve", "--gateway-service-accounts", value, "--bind", "127.0.0.1", "--xds-port", "0");

        Assert.That(exit, Is.EqualTo(2), error);
        Assert.That(error, Does.Contain("error: --gateway-service-accounts:").And.Contain(message));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task The_flag_is_documented_in_the_help()
    {
        var (exit, output) = await RunAsync("serve", "--help");

        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.Contain("--gateway-service-accounts"));
    }

    private static async Task<(int Exit, string Text)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(E2ePaths.IstiodDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await error);
    }
}
