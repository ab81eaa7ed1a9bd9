using System.Net;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.EndToEnd.Envoy;

/// <summary>A stock Envoy (ENVOY_BIN) started from one of the world's bootstraps, logging into the world's log folder.</summary>
public sealed class EnvoyProcess : IAsyncDisposable
{
    private readonly E2eChildProcess _child;
    private readonly HttpClient _admin;

    private EnvoyProcess(E2eChildProcess child, int adminPort)
    {
        _child = child;
        _admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The Envoy binary the tests use, or null (the tests then report themselves skipped).</summary>
    public static string? Binary => Environment.GetEnvironmentVariable("ENVOY_BIN") is { Length: > 0 } path ? path : null;

    public string Describe() => _child.Describe();

    /// <summary>Starts Envoy and waits until its admin /ready says LIVE (it has its first listeners from us).</summary>
    public static async Task<EnvoyProcess> StartAsync(EnvoyWorld world, EnvoyWorldProxy proxy, TimeSpan timeout)
    {
        var child = E2eChildProcess.Start(
            "envoy-" + proxy.Name,
            Binary ?? throw new InvalidOperationException("ENVOY_BIN not set"),
            ["-c", proxy.BootstrapFile, "--use-dynamic-base-id", "--log-level", "info", "--drain-time-s", "1"],
            world.Root,
            world.LogDirectory);
        var envoy = new EnvoyProcess(child, proxy.AdminPort);
        try
        {
            await envoy.WaitUntilLiveAsync(timeout).ConfigureAwait(false);
            return envoy;
        }
        catch
        {
            await envoy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<string> AdminAsync(string path)
    {
        using var response = await _admin.GetAsync(path).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _child.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WaitUntilLiveAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (_child.HasExited)
            {
                throw new InvalidOperationException($"envoy exited: {_child.Describe()}");
            }

            try
            {
                using var response = await _admin.GetAsync("ready").ConfigureAwait(false);
                last = $"/ready {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}";
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        throw new TimeoutException($"envoy not LIVE within {timeout.TotalSeconds:0} s ({last}): {_child.Describe()}");
    }
}
