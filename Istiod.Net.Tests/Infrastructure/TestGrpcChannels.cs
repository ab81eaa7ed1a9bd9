using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Istiod.Net.Grpc;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Grpc.Net.Client channels for tests: <c>http://</c> is h2c with prior knowledge, <c>https://</c> TLS with ALPN h2, both
/// over a <see cref="SocketsHttpHandler"/> the channel owns, so many streams share one connection as with a real proxy.
/// </summary>
public static class TestGrpcChannels
{
    public static GrpcChannel ForAddress(string address, TestGrpcChannelOptions? options = null) =>
        ForAddress(new Uri(address, UriKind.Absolute), options);

    public static GrpcChannel ForAddress(Uri address, TestGrpcChannelOptions? options = null)
    {
        options ??= new TestGrpcChannelOptions();
        var channelOptions = new GrpcChannelOptions
        {
            HttpHandler = CreateHandler(address, options),
            DisposeHttpClient = true,
            MaxReceiveMessageSize = options.MaxReceiveMessageSize,
            MaxSendMessageSize = options.MaxSendMessageSize,
        };
        if (options.BearerToken is { } token)
        {
            channelOptions.Credentials = address.Scheme == Uri.UriSchemeHttps
                ? ChannelCredentials.Create(ChannelCredentials.SecureSsl, Bearer(token))
                : ChannelCredentials.Create(ChannelCredentials.Insecure, Bearer(token));
            // Tokens over h2c are what the plaintext-port tests check the server refuses or ignores.
            channelOptions.UnsafeUseInsecureChannelCallCredentials = true;
        }

        return GrpcChannel.ForAddress(address, channelOptions);
    }

    /// <summary>A channel over a handler the test owns, e.g. to share one connection with a raw HttpClient.</summary>
    public static GrpcChannel ForAddress(Uri address, HttpMessageHandler handler, TestGrpcChannelOptions? options = null)
    {
        options ??= new TestGrpcChannelOptions();
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = false,
            MaxReceiveMessageSize = options.MaxReceiveMessageSize,
            MaxSendMessageSize = options.MaxSendMessageSize,
        });
    }

    private static CallCredentials Bearer(string token) => CallCredentials.FromInterceptor((_, metadata) =>
    {
        metadata.Add("authorization", $"Bearer {token}");
        return Task.CompletedTask;
    });

    private static SocketsHttpHandler CreateHandler(Uri address, TestGrpcChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = options.EnableMultipleHttp2Connections,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        if (address.Scheme == Uri.UriSchemeHttps)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = options.ServerCertificateValidation
                ?? (options.TrustedRoots is { } roots ? GrpcCertificateValidation.ServerValidator(roots, options.CheckServerName) : null);
            if (options.ClientCertificate is { } certificate)
            {
                handler.SslOptions.ClientCertificates = new X509CertificateCollection { certificate };
                // Mesh servers list no acceptable issuers; offer the certificate anyway.
                handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
            }
        }

        return handler;
    }
}
