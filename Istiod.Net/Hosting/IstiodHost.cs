using System.Net;
using Istiod.Net.Cli;
using Istiod.Net.Diagnostics;
using Istiod.Net.Grpc;
using Istiod.Net.Security.Ca;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Extensions.Logging;

namespace Istiod.Net.Hosting;

/// <summary>
/// Builds and runs the one process: Kestrel with its three listeners, the services behind them, and
/// the routing of each port to what it serves. Composition only; each area owns its own logic.
/// </summary>
public static class IstiodHost
{
    public static async Task<int> RunAsync(ServeOptions options, CancellationToken cancellation)
    {
        var logger = LoggingSetup.Create(options);
        try
        {
            await using var app = Build(options, logger);
            await app.StartAsync(cancellation);
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Istiod.Net");
            HostLog.Listening(log, VersionCommand.Version, $"{options.Bind}:{options.XdsPort}", $"{options.Bind}:{options.SecurePort}", $"{options.Bind}:{options.MonitoringPort}", $"{options.Bind}:{options.WebhookPort}");
            var stopping = new System.Diagnostics.Stopwatch();
            // Only notes which signal came; the host's own handlers (registered earlier, so run after this
            // one) still turn it into a graceful stop.
            string? signal = null;
            using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => signal = "SIGTERM");
            using var onInt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, _ => signal = "SIGINT");
            // Logged when stopping begins (before streams drain), not once it is over.
            using var onStopping = app.Lifetime.ApplicationStopping.Register(() =>
            {
                stopping.Start();
                LifecycleLog.ShuttingDown(log, signal is not null ? $"{signal} received" : cancellation.IsCancellationRequested ? "termination requested" : "stop requested");
            });
            await app.WaitForShutdownAsync(cancellation);
            LifecycleLog.Stopped(log, stopping.Elapsed.TotalSeconds);
            return 0;
        }
        catch (Istiod.Net.Kube.KubeConfigException e)
        {
            logger.Fatal("cannot reach the cluster: {Message}", e.Message);
            return 1;
        }
        catch (CaConfigurationException e)
        {
            logger.Fatal("cannot start the CA: {Message}", e.Message);
            return 1;
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException or null)
        {
            // Port in use and the like: a clear line, no stack trace.
            logger.Fatal("cannot start: {Message}", e.Message);
            return 1;
        }
        finally
        {
            (logger as IDisposable)?.Dispose();
        }
    }

    public static WebApplication Build(ServeOptions options, Serilog.ILogger logger)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger);
        builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace);

        var address = IPAddress.Parse(options.Bind);
        // The CA exists before the host's logger factory does; without a logger of its own it would never
        // say whether its root is in memory, created or loaded, nor warn about a loose key file.
        var caLogger = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger).CreateLogger("Istiod.Net.Security.Ca");
        var ca = CertificateAuthority.Create(
            WithWorkloadLifetime(
                new CertificateAuthorityOptions { TrustDomain = options.TrustDomain, RootFolder = options.CaDir, CacertsFolder = options.CacertsDir },
                options.WorkloadCertificateTtl),
            caLogger);
        // Served on 15012 (and later the webhook port); renewed at half-life and after a root rotation.
        var serving = new ServingCertificateProvider(ca, CertificateAuthority.ControlPlaneNames(options.Namespace, ["localhost", "istiod-net"]));
        // Proxies reconnect (and authenticate again) on a fresh connection at this age: load spreads to new
        // replicas and a revoked identity does not keep its stream forever.
        var connectionAge = new GrpcConnectionAge(options.MaxConnectionAge, new SerilogLoggerFactory(logger).CreateLogger<GrpcConnectionAge>());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, options.XdsPort, l => l.UseMaxConnectionAge(connectionAge).UseGrpcPlaintext());
            // Client certificates are asked for but checked by our own authenticators against the
            // current trust bundle, so a caller with a token and an unrelated certificate still gets in.
            kestrel.Listen(address, options.SecurePort, l => l.UseMaxConnectionAge(connectionAge).UseGrpcTls(
                serving.GetCertificate, new GrpcTlsOptions { ClientCertificateMode = ClientCertificateMode.AllowCertificate }));
            kestrel.Listen(address, options.MonitoringPort, l => l.Protocols = HttpProtocols.Http1);
            // The API server calls webhooks over HTTPS (HTTP/1.1 or h2), with the CA-signed serving certificate.
            kestrel.Listen(address, options.WebhookPort, l =>
            {
                l.Protocols = HttpProtocols.Http1AndHttp2;
                l.UseHttps(https => https.ServerCertificateSelector = (_, _) => serving.GetCertificate());
            });
            // Thousands of long-lived ADS streams: allow many per connection, and keep idle ones alive.
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
        });

        builder.Services.AddSingleton(options);
        // Request logging (RequestLogging) collects per-request properties here.
        builder.Services.AddSingleton(new Serilog.Extensions.Hosting.DiagnosticContext(logger));
        builder.Services.AddSingleton(ca);
        builder.Services.AddSingleton(serving);
        builder.Services.AddSingleton<IstiodMetrics>(sp => new IstiodMetrics());
        builder.Services.AddIstiodMetricsExport();
        builder.Services.AddSingleton<ReadinessGate>();
        builder.Services.AddGrpcRegistry(
            new GrpcServerOptions { MaxReceiveMessageSize = options.MaxReceiveMessageSize, MaxSendMessageSize = options.MaxSendMessageSize },
            connectionAge);
        IstiodServices.Add(builder.Services, options);

        var app = builder.Build();
        // The exporter must listen before the first instrument records anything.
        app.Services.GetRequiredService<OpenTelemetry.Metrics.MeterProvider>();
        app.Services.GetRequiredService<IstiodMetrics>();

        var monitoringPort = options.MonitoringPort;
        var webhookPort = options.WebhookPort;
        app.MapWhen(ctx => ctx.Connection.LocalPort == webhookPort, webhook =>
        {
            webhook.UseRequestLogging(logger);
            webhook.UseRouting();
            webhook.UseEndpoints(e => IstiodServices.MapWebhooks(e));
        });
        app.MapWhen(ctx => ctx.Connection.LocalPort == monitoringPort, monitoring =>
        {
            // Request logging first, so refused debug requests are logged (at debug) too.
            monitoring.UseRequestLogging(logger);
            // Before routing: no endpoint but /ready and /metrics is reached by an unauthenticated remote caller.
            monitoring.UseDebugAccess(app.Services.GetRequiredService<DebugAccessGate>());
            monitoring.UseRouting();
            monitoring.UseEndpoints(e => IstiodServices.MapMonitoring(e));
        });
        app.MapWhen(ctx => ctx.Connection.LocalPort != monitoringPort && ctx.Connection.LocalPort != webhookPort, grpc => IstiodServices.MapGrpc(grpc, options));
        return app;
    }

    private static CertificateAuthorityOptions WithWorkloadLifetime(CertificateAuthorityOptions ca, TimeSpan? lifetime) =>
        lifetime is { } ttl
            ? ca with
            {
                WorkloadCertificateLifetime = ttl,
                MaxWorkloadCertificateLifetime = ttl > ca.MaxWorkloadCertificateLifetime ? ttl : ca.MaxWorkloadCertificateLifetime,
            }
            : ca;
}
