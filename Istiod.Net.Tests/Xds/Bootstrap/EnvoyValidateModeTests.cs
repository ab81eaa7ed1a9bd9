using System.Diagnostics;
using Istiod.Net.Xds.Bootstrap;

namespace Istiod.Net.Tests.Xds.Bootstrap;

/// <summary>
/// A real Envoy loads our bootstraps in <c>--mode validate</c> (config checked, nothing started). Runs only
/// when ENVOY_BIN names an Envoy binary; otherwise reported as skipped.
/// </summary>
public sealed class EnvoyValidateModeTests
{
    [TestCase(BootstrapProxyType.Sidecar, false, BootstrapFormat.Json)]
    [TestCase(BootstrapProxyType.Router, false, BootstrapFormat.Yaml)]
    [TestCase(BootstrapProxyType.Sidecar, true, BootstrapFormat.Yaml)]
    public async Task Envoy_accepts_the_bootstrap(BootstrapProxyType type, bool secure, BootstrapFormat format)
    {
        var envoy = Environment.GetEnvironmentVariable("ENVOY_BIN");
        if (string.IsNullOrEmpty(envoy))
        {
            Assert.Ignore("ENVOY_BIN not set");
        }

        var dir = Directory.CreateTempSubdirectory("istiod-bootstrap-").FullName;
        try
        {
            var token = Path.Combine(dir, "token");
            var root = Path.Combine(dir, "root-cert.pem");
            await File.WriteAllTextAsync(token, "not-a-real-token");
            await File.WriteAllTextAsync(root, "");
            var options = new EnvoyBootstrapOptions
            {
                Type = type,
                PodName = "envoy-test",
                IpAddresses = ["127.0.0.1"],
                IstioVersion = "test",
                Secure = secure,
                DiscoveryAddress = secure ? "127.0.0.1:15012" : "127.0.0.1:15010",
                RootCertPath = root,
                TokenPath = token,
            };
            var file = Path.Combine(dir, format == BootstrapFormat.Json ? "bootstrap.json" : "bootstrap.yaml");
            await File.WriteAllTextAsync(file, BootstrapWriter.Write(EnvoyBootstrapBuilder.Build(options), format));

            using var process = Process.Start(new ProcessStartInfo(envoy!, ["--mode", "validate", "-c", file, "--log-level", "warn"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

            Assert.That(process.ExitCode, Is.Zero, $"{await stdout}\n{await stderr}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
