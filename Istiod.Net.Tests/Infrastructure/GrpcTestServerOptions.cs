using Istiod.Net.Grpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>How a <see cref="GrpcTestServer"/> listens.</summary>
public sealed record GrpcTestServerOptions
{
    public GrpcServerOptions Server { get; init; } = new();

    /// <summary>When set, the server listens with TLS (ALPN h2) using the server certificate from here.</summary>
    public GrpcTestServerCertificates? Tls { get; init; }

    /// <summary>For TLS: whether a client certificate is asked for; it must chain to the test CA.</summary>
    public ClientCertificateMode ClientCertificateMode { get; init; } = ClientCertificateMode.NoCertificate;

    /// <summary>Which requests reach the gRPC branch of the pipeline (as istiod's port filter).</summary>
    public Func<HttpContext, bool>? Filter { get; init; }

    /// <summary>When set, connections on the port are given this maximum age.</summary>
    public GrpcConnectionAge? MaxConnectionAge { get; init; }
}
