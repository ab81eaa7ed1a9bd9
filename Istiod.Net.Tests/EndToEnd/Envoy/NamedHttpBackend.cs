using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Tests.EndToEnd.Envoy;

/// <summary>
/// A real HTTP/1.1 server on a loopback port that answers every request with its own name, the path it got
/// and whether the request came over TLS, so a test can tell which backend a proxy reached.
/// </summary>
public sealed class NamedHttpBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NamedHttpBackend(WebApplication app, string name, int port)
    {
        _app = app;
        Name = name;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public static async Task<NamedHttpBackend> StartAsync(string name, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.Headers["x-backend"] = name;
            return context.Response.WriteAsync($"{name} {context.Request.Path}{context.Request.QueryString}");
        });
        await app.StartAsync().ConfigureAwait(false);
        return new NamedHttpBackend(app, name, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
