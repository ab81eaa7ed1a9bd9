using System.Net;
using System.Net.Sockets;
using Istiod.Net.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Istiod.Net.Tests.Bench;

/// <summary>
/// The real control plane host (<see cref="IstiodHost.Build"/>) on 127.0.0.1 and free ports, serving a config
/// folder: what <c>istiod-net serve --config-dir</c> runs, in this process. Dispose to stop it.
/// </summary>
internal sealed class RunningIstiod : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningIstiod(WebApplication app, ServeOptions options)
    {
        _app = app;
        XdsAddress = new Uri($"http://127.0.0.1:{options.XdsPort}");
        MonitoringAddress = new Uri($"http://127.0.0.1:{options.MonitoringPort}");
    }

    public Uri XdsAddress { get; }

    public Uri MonitoringAddress { get; }

    /// <summary>The host's services (its IstiodMetrics, for one).</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<RunningIstiod> StartAsync(string configDir)
    {
        // The host routes by local port, so it needs real port numbers up front rather than port 0.
        var ports = FreePorts(4);
        var options = new ServeOptions
        {
            ConfigDir = configDir,
            Bind = "127.0.0.1",
            XdsPort = ports[0],
            SecurePort = ports[1],
            MonitoringPort = ports[2],
            WebhookPort = ports[3],
            LogLevel = "error",
        };
        var app = IstiodHost.Build(options, LoggingSetup.Create(options));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return new RunningIstiod(app, options);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
