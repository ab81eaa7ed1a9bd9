using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Istiod.Net.Hosting;
using Istiod.Net.Security.Ca;
using Istiod.Net.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// The whole <c>serve</c> host on free loopback ports with a token file and a credentials folder, for the
/// security tests that attack it over real sockets. Tokens are written with <see cref="WriteTokens"/> (the
/// host re-reads the file when it changes) and credentials with <see cref="WriteCredential"/>.
/// </summary>
internal sealed class SecurityTestHost : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly WebApplication _app;

    private SecurityTestHost(TempFolder folder, WebApplication app, ServeOptions options, LogSink log)
    {
        _folder = folder;
        _app = app;
        Options = options;
        Log = log;
        Ca = app.Services.GetRequiredService<CertificateAuthority>();
    }

    public ServeOptions Options { get; }

    public LogSink Log { get; }

    public CertificateAuthority Ca { get; }

    public IServiceProvider Services => _app.Services;

    public string SecureAddress => $"https://127.0.0.1:{Options.SecurePort}";

    public string MonitoringAddress => $"http://127.0.0.1:{Options.MonitoringPort}";

    public string TokenFile => Options.TokenFile!;

    /// <param name="tokens">token → (namespace, service account); every token is for audience istio-ca.</param>
    public static async Task<SecurityTestHost> StartAsync(
        IReadOnlyDictionary<string, (string Namespace, string ServiceAccount)> tokens,
        Func<ServeOptions, ServeOptions>? configure = null,
        Action<string>? prepareFolder = null)
    {
        var folder = new TempFolder();
        WriteTokens(folder.File("tokens.yaml"), tokens);
        Directory.CreateDirectory(folder.File("credentials"));
        prepareFolder?.Invoke(folder.File("credentials"));
        ServeOptions options = null!;
        var log = new LogSink();
        var app = await HostPorts.StartAsync(ports =>
        {
            options = new ServeOptions
            {
                Bind = "127.0.0.1",
                XdsPort = ports[0],
                SecurePort = ports[1],
                MonitoringPort = ports[2],
                WebhookPort = ports[3],
                CaDir = folder.File("ca"),
                TokenFile = folder.File("tokens.yaml"),
                CredentialsDir = folder.File("credentials"),
                DebounceAfter = TimeSpan.FromMilliseconds(10),
            };
            options = configure?.Invoke(options) ?? options;
            var logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(log).CreateLogger();
            return IstiodHost.Build(options, logger);
        }, TimeSpan.FromSeconds(60));
        return new SecurityTestHost(folder, app, options, log);
    }

    /// <summary>Replaces the token file; its new size or time stamp makes the host reload it.</summary>
    public static void WriteTokens(string path, IReadOnlyDictionary<string, (string Namespace, string ServiceAccount)> tokens)
    {
        var text = string.Concat(tokens.Select(t =>
            $"{t.Key}:\n  namespace: {t.Value.Namespace}\n  serviceAccount: {t.Value.ServiceAccount}\n  audiences: [istio-ca]\n"));
        File.WriteAllText(path, text.Length == 0 ? "{}\n" : text);
    }

    /// <summary>A kubernetes.io/tls-like credential folder &lt;credentials&gt;/&lt;ns&gt;/&lt;name&gt; with a serving certificate and its key.</summary>
    public static (string ChainPem, string KeyPem) WriteCredential(string credentialsDir, string ns, string name, CertificateAuthority ca)
    {
        var issued = ca.IssueKeyAndCertificate(new Istiod.Net.Security.SpiffeIdentity(ca.TrustDomain, ns, "gateway-credential"));
        var folder = Path.Combine(credentialsDir, ns, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "tls.crt"), issued.Certificate.CertificateChainPem);
        File.WriteAllText(Path.Combine(folder, "tls.key"), issued.PrivateKeyPem);
        return (issued.Certificate.CertificateChainPem, issued.PrivateKeyPem);
    }

    public static Dictionary<string, string> Bearer(string token) => new() { ["authorization"] = "Bearer " + token };

    /// <summary>Trusts our roots (the serving certificate names istiod, not 127.0.0.1); presents a client certificate when given.</summary>
    public TestGrpcChannelOptions TlsOptions(X509Certificate2? clientCertificate = null) => new()
    {
        TrustedRoots = Ca.TrustBundle.ToCollection(),
        CheckServerName = false,
        ClientCertificate = clientCertificate,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
        _folder.Dispose();
    }


    /// <summary>Every rendered log message, for asserting what was logged.</summary>
    internal sealed class LogSink : ILogEventSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyList<string> Messages => _events.Select(e => e.RenderMessage()).ToList();

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }
}
