using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Tests.Security.RequestAuthn;

/// <summary>A real HTTP server on a loopback port answering /jwks with a key set (or an error status), counting requests.</summary>
public sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private JwksServer(WebApplication app) => _app = app;

    public string Uri { get; private set; } = "";

    public int Requests => Volatile.Read(ref _requests);

    public string Jwks { get; set; } = "";

    public static async Task<JwksServer> StartAsync(string jwks, int status = 200)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new JwksServer(app) { Jwks = jwks };
        app.MapGet("/jwks", (HttpContext context) =>
        {
            Interlocked.Increment(ref server._requests);
            return status == 200 ? Results.Text(server.Jwks, "application/json") : Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Uri = address.TrimEnd('/') + "/jwks";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
