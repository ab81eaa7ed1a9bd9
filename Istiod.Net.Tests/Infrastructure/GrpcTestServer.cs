using System.Net;
using Istiod.Net.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port, serving gRPC methods over h2c (or TLS with ALPN h2),
/// for tests that want real sockets. Dispose to stop it.
/// <code>
/// await using var server = await GrpcTestServer.StartAsync(b => b.AddUnary(...));
/// using var channel = server.CreateClientChannel();
/// </code>
/// </summary>
public sealed class GrpcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcTestServerLogProvider _logs;

    private GrpcTestServer(WebApplication app, GrpcServiceRegistry registry, GrpcTestServerLogProvider logs, Uri address, GrpcTestServerOptions options)
    {
        _app = app;
        _logs = logs;
        Registry = registry;
        Address = address;
        Options = options;
    }

    /// <summary><c>http://127.0.0.1:port</c>, or <c>https://127.0.0.1:port</c> with TLS.</summary>
    public Uri Address { get; }

    public int Port => Address.Port;

    /// <summary>The methods served; all registered before the server started.</summary>
    public GrpcServiceRegistry Registry { get; }

    public GrpcTestServerOptions Options { get; }

    /// <summary>Everything logged so far (all categories, Debug and up).</summary>
    public IReadOnlyList<GrpcTestServerLogEntry> Logs => _logs.Entries.ToArray();

    public static async Task<GrpcTestServer> StartAsync(Action<IGrpcServiceBuilder> register, GrpcTestServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(register);
        options ??= new GrpcTestServerOptions();
        var logs = new GrpcTestServerLogProvider();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (options.MaxConnectionAge is { } age)
                {
                    listen.UseMaxConnectionAge(age);
                }

                if (options.Tls is { } tls)
                {
                    listen.UseGrpcTls(tls.Server, new GrpcTlsOptions
                    {
                        ClientCertificateMode = options.ClientCertificateMode,
                        ClientCertificateRoots = tls.Roots,
                    });
                }
                else
                {
                    listen.UseGrpcPlaintext();
                }
            });
        });

        // The same wiring as istiod's: Grpc.AspNetCore serving a registry, behind the content-type guard.
        var registry = builder.Services.AddGrpcRegistry(options.Server, options.MaxConnectionAge);
        register(registry);
        var app = builder.Build();
        if (options.Filter is { } filter)
        {
            app.MapWhen(filter, grpc => grpc.MapGrpcRegistry());
        }
        else
        {
            app.MapGrpcRegistry();
        }
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);

        var bound = new Uri(app.Urls.Single());
        var address = new UriBuilder(bound) { Host = "127.0.0.1" }.Uri;
        return new GrpcTestServer(app, registry, logs, address, options);
    }

    /// <summary>A Grpc.Net.Client channel to this server; with TLS it trusts the test CA unless the options say otherwise.</summary>
    public global::Grpc.Net.Client.GrpcChannel CreateClientChannel(TestGrpcChannelOptions? options = null)
    {
        options ??= new TestGrpcChannelOptions();
        if (Options.Tls is { } tls && options.TrustedRoots is null && options.ServerCertificateValidation is null)
        {
            options = options with { TrustedRoots = tls.Roots };
        }

        return TestGrpcChannels.ForAddress(Address, options);
    }

    /// <summary>
    /// A plain HTTP/2-only HttpClient for this server, for tests that send bytes a well-behaved client never would.
    /// With TLS it trusts the test CA.
    /// </summary>
    public HttpClient CreateRawHttpClient(SocketsHttpHandler? handler = null)
    {
        handler ??= new SocketsHttpHandler { UseProxy = false };
        if (Options.Tls is { } tls)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = GrpcCertificateValidation.ServerValidator(tls.Roots);
        }

        return new HttpClient(handler)
        {
            BaseAddress = Address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public async ValueTask DisposeAsync()
    {
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
