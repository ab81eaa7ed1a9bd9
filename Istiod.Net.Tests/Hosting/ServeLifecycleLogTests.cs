using System.Diagnostics;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Security;

namespace Istiod.Net.Tests.Hosting;

/// <summary>
/// The real <c>istiod-net serve</c> process says what its CA is (in memory, created, loaded) and that it shuts down
/// on SIGTERM and has stopped: an operator reading the log must not have to guess either.
/// </summary>
public sealed class ServeLifecycleLogTests
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(90);

    [Test]
    public async Task SigtermIsLoggedAsShuttingDownThenStoppedAndTheInMemoryCaSaysSo()
    {
        using var folder = new TempFolder();
        var (config, logs) = (Directory.CreateDirectory(folder.File("config")).FullName, folder.File("logs"));
        await using var istiod = await IstiodProcess.StartAsync(config, logs, Ready);

        Terminate(istiod.ProcessId);
        await istiod.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        var output = istiod.RecentOutput;
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("No CA folder is configured: the root CA lives in memory only"));
            Assert.That(output, Does.Contain("istiod-net shutting down: SIGTERM received"));
            Assert.That(output, Does.Contain("istiod-net stopped"));
            Assert.That(output.IndexOf("shutting down", StringComparison.Ordinal), Is.LessThan(output.IndexOf("istiod-net stopped", StringComparison.Ordinal)));
            Assert.That(istiod.ExitCode, Is.Zero);
        });
    }

    [Test]
    public async Task ARootInTheCaDirIsLoggedAsCreatedThenAsLoaded()
    {
        using var folder = new TempFolder();
        var (config, logs) = (Directory.CreateDirectory(folder.File("config")).FullName, folder.File("logs"));
        var caDir = folder.File("ca");
        string created;
        await using (var first = await IstiodProcess.StartAsync(config, logs, Ready, extraArguments: ["--ca-dir", caDir]))
        {
            created = first.RecentOutput;
        }

        await using var second = await IstiodProcess.StartAsync(config, logs, Ready, extraArguments: ["--ca-dir", caDir]);

        Assert.That(created, Does.Contain($"root CA in {caDir}"));
        Assert.That(second.RecentOutput, Does.Contain($"Loaded the self-signed root CA from {caDir}"));
    }

    private static void Terminate(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.Zero, "kill -TERM");
    }
}
