using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;

namespace Istiod.Net.Grpc.Client;

/// <summary>
/// A client for one gRPC server address, on HttpClient over HTTP/2: <c>http://</c> addresses speak h2c with prior
/// knowledge, <c>https://</c> addresses TLS with ALPN h2. Thread-safe; create one per server and share it, since
/// each channel owns its connections. Calls over one channel are multiplexed onto as many HTTP/2 connections as
/// the server's stream limit requires.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly HttpClient _http;

    private GrpcChannel(Uri address, GrpcChannelOptions options, HttpMessageHandler handler, bool disposeHandler)
    {
        Address = address;
        Options = options;
        _http = new HttpClient(handler, disposeHandler)
        {
            // Streams last as long as they last; deadlines are per call.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
    }

    public Uri Address { get; }

    public GrpcChannelOptions Options { get; }

    /// <param name="address">Scheme, host and port, e.g. <c>http://127.0.0.1:15010</c> or <c>https://istiod:15012</c>.</param>
    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        CheckAddress(address);
        options ??= new GrpcChannelOptions();
        return new GrpcChannel(address, options, CreateHandler(address, options), disposeHandler: true);
    }

    /// <summary>
    /// A channel over a handler the caller owns and disposes, e.g. to share connections with another client.
    /// The handler decides TLS and connection settings; only the message size limits of
    /// <paramref name="options"/> apply.
    /// </summary>
    public static GrpcChannel ForAddress(Uri address, HttpMessageHandler handler, GrpcChannelOptions? options = null)
    {
        CheckAddress(address);
        ArgumentNullException.ThrowIfNull(handler);
        return new GrpcChannel(address, options ?? new GrpcChannelOptions(), handler, disposeHandler: false);
    }

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) =>
        ForAddress(new Uri(address, UriKind.Absolute), options);

    /// <summary>
    /// Starts a bidirectional streaming call; the request headers go out at once, messages as they are written.
    /// </summary>
    /// <param name="method">Full path, <c>/package.Service/Method</c>.</param>
    public GrpcDuplexCall<TRequest, TResponse> StartDuplex<TRequest, TResponse>(
        string method, MessageParser<TResponse> responseParser, GrpcCallOptions? options = null)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(responseParser);
        return new GrpcDuplexCall<TRequest, TResponse>(
            _http, Address, method, responseParser, Options, options ?? new GrpcCallOptions());
    }

    /// <summary>
    /// One request, one response. Throws <see cref="GrpcException"/> with the server's status when the call does
    /// not end with OK, or with the client's own for a deadline, cancellation or transport failure.
    /// </summary>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        string method, TRequest request, MessageParser<TResponse> responseParser, GrpcCallOptions? options = null)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        await using var call = StartDuplex<TRequest, TResponse>(method, responseParser, options);
        GrpcException? sendFailure = null;
        try
        {
            await call.WriteAsync(request).ConfigureAwait(false);
            await call.CompleteRequestAsync().ConfigureAwait(false);
        }
        catch (GrpcException ex)
        {
            // The server may have answered before taking the whole request (e.g. it refused its size);
            // its status, read below, says more than the failed send.
            sendFailure = ex;
        }

        var response = await call.ReadAsync().ConfigureAwait(false);
        if (response is null)
        {
            throw sendFailure ?? new GrpcException(GrpcStatusCode.Internal, $"The unary call {method} ended with OK but sent no response message.");
        }

        if (await call.ReadAsync().ConfigureAwait(false) is not null)
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"The unary call {method} sent more than one response message.");
        }

        return response;
    }

    public void Dispose() => _http.Dispose();

    private static void CheckAddress(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"A gRPC address must be http:// or https://, not '{address}'.", nameof(address));
        }
    }

    private static SocketsHttpHandler CreateHandler(Uri address, GrpcChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = options.EnableMultipleHttp2Connections,
            ConnectTimeout = options.ConnectTimeout,
            KeepAlivePingDelay = options.KeepAlivePingDelay ?? Timeout.InfiniteTimeSpan,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            // h2c with prior knowledge cannot pass an HTTP proxy, and a control plane is never reached through one.
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };

        if (address.Scheme == Uri.UriSchemeHttps)
        {
            var ssl = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = options.ServerCertificateValidation
                    ?? (options.TrustedRoots is { } roots
                        ? GrpcCertificateValidation.ServerValidator(roots, options.CheckServerName)
                        : null),
            };
            if (options.ClientCertificate is { } clientCertificate)
            {
                ssl.ClientCertificates = new X509CertificateCollection { clientCertificate };
                // Offer it whatever issuers the server lists: mesh servers rarely list any.
                ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
            }

            handler.SslOptions = ssl;
        }

        return handler;
    }
}
