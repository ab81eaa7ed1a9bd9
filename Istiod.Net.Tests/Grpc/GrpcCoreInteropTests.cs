using System.Diagnostics;
using System.Text.Json;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Grpc;

/// <summary>
/// Our server against an independent gRPC implementation (C-core, via python3-grpcio), so the wire format is
/// checked by someone other than our own client. Ignored, saying so, when python3-grpcio is not installed.
/// </summary>
[TestFixture]
public sealed class GrpcCoreInteropTests
{
    private const string Python = "/usr/bin/python3";
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    [Test]
    public async Task Grpc_core_client_sees_messages_and_statuses_as_sent()
    {
        await RequireGrpcioAsync();
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b)).DefaultTimeout();
        var script = Path.Combine(Path.GetTempPath(), $"istiod-grpc-interop-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, GrpcCoreInteropScript.Source).DefaultTimeout();
        try
        {
            var (exitCode, stdout, stderr) = await RunAsync(script, $"127.0.0.1:{server.Port}").DefaultTimeout();
            Assert.That(exitCode, Is.Zero, stderr);
            var results = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonSerializer.Deserialize<GrpcCoreInteropResult>(line, JsonOptions)!)
                .ToDictionary(r => r.Case);

            Assert.Multiple(() =>
            {
                Assert.That(results["echo"].Values, Is.EqualTo(new[] { "héllo" }));
                Assert.That(results["missing"].Code, Is.EqualTo("UNIMPLEMENTED"));
                Assert.That(results["missing"].Details, Does.Contain("/test.Test/Missing"));
                Assert.That(results["fail"].Code, Is.EqualTo("UNKNOWN"));
                Assert.That(results["fail"].Details, Does.Not.Contain("secret"));
                Assert.That(results["status"].Code, Is.EqualTo("PERMISSION_DENIED"));
                Assert.That(results["status"].Details, Is.EqualTo("denied 100% ✗\nnext line"));
                Assert.That(results["big"].Code, Is.EqualTo("RESOURCE_EXHAUSTED"));
                Assert.That(results["big"].Details, Does.Contain("exceeds the maximum configured message size"));
                Assert.That(results["ping"].Values, Is.EqualTo(new[] { "pong:a", "pong:b", "pong:c" }));
                Assert.That(results["ping"].Code, Is.EqualTo("OK"));
                Assert.That(results["write-then-fail"].Values, Is.EqualTo(new[] { "partial" }));
                Assert.That(results["write-then-fail"].Code, Is.EqualTo("ABORTED"));
                Assert.That(results["write-then-fail"].Details, Is.EqualTo("stopped after one message"));
            });
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static async Task RequireGrpcioAsync()
    {
        if (!File.Exists(Python))
        {
            Assert.Ignore($"Not run: {Python} is missing (apt-get install -y python3-grpcio).");
        }

        var (exitCode, _, _) = await RunAsync("-c", "import grpc, google.protobuf").DefaultTimeout();
        if (exitCode != 0)
        {
            Assert.Ignore("Not run: python3-grpcio is not installed (apt-get install -y python3-grpcio).");
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(GrpcTestExtensions.Timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
