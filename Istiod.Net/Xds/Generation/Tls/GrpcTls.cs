using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Xds.Generation.Tls;

/// <summary>
/// Transport sockets for proxyless gRPC (gRFC A29). gRPC has no SDS: certificates come from certificate
/// provider instances its bootstrap defines (<c>certificate_providers</c>, usually the file_watcher plugin
/// reading files an agent or <c>istiod-net ca issue</c> wrote), and resources only name them. Only fields
/// gRPC accepts are set: it NACKs SDS configs, tls_params, SPKI/hash pins and require_sni.
/// </summary>
public static class GrpcTls
{
    /// <summary>The bootstrap's certificate provider instance the mesh uses, as Istio's gRPC agent names it.</summary>
    public const string ProviderInstance = "default";

    /// <summary>The certificate name of the workload certificate inside the instance.</summary>
    public const string IdentityCertificateName = "default";

    /// <summary>The certificate name of the roots inside the instance.</summary>
    public const string RootCertificateName = "ROOTCA";

    /// <summary>
    /// Server side: present the workload certificate; with <paramref name="requireClientCertificate"/>,
    /// require a client certificate chained to the mesh roots (mutual TLS).
    /// </summary>
    public static TransportSocket Server(bool requireClientCertificate)
    {
        var context = new DownstreamTlsContext { CommonTlsContext = Common(identity: true, sanSpiffeIds: []) };
        if (requireClientCertificate)
        {
            context.RequireClientCertificate = true;
        }

        return new TransportSocket { Name = MeshTls.TransportSocketName, TypedConfig = Any.Pack(context) };
    }

    /// <summary>
    /// Client side: verify the server against the mesh roots and, when any are given, one of
    /// <paramref name="sanSpiffeIds"/>; with <paramref name="identity"/>, present the workload certificate.
    /// </summary>
    public static TransportSocket Client(bool identity, IEnumerable<string> sanSpiffeIds)
    {
        var context = new UpstreamTlsContext { CommonTlsContext = Common(identity, sanSpiffeIds) };
        return new TransportSocket { Name = MeshTls.TransportSocketName, TypedConfig = Any.Pack(context) };
    }

    private static CommonTlsContext Common(bool identity, IEnumerable<string> sanSpiffeIds)
    {
        var validation = new CertificateValidationContext
        {
            CaCertificateProviderInstance = new CertificateProviderPluginInstance { InstanceName = ProviderInstance, CertificateName = RootCertificateName },
        };

        // Envoy deprecated match_subject_alt_names for the typed variant, but gRPC (grpc-js-xds 1.14,
        // C-core 1.51) reads only the old field; an exact matcher on a SPIFFE id matches the URI SAN.
#pragma warning disable CS0612
        foreach (var id in sanSpiffeIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            validation.MatchSubjectAltNames.Add(new StringMatcher { Exact = id });
        }
#pragma warning restore CS0612

        var common = new CommonTlsContext { ValidationContext = validation };
        if (identity)
        {
            common.TlsCertificateProviderInstance = new CertificateProviderPluginInstance { InstanceName = ProviderInstance, CertificateName = IdentityCertificateName };
        }

        return common;
    }
}
