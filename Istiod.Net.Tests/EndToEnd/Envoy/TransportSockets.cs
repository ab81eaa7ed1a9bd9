using System.Security.Cryptography.X509Certificates;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;

namespace Istiod.Net.Tests.EndToEnd.Envoy;

/// <summary>Reads the TLS settings out of clusters, filter chains and secrets the way a test needs them.</summary>
public static class TransportSockets
{
    /// <summary>
    /// The TLS a cluster uses toward mesh endpoints: the <c>tlsMode: istio</c> transport socket match (auto mTLS)
    /// when there is one, else the cluster's own transport socket; null for plaintext.
    /// </summary>
    public static UpstreamTlsContext? UpstreamTls(Cluster cluster)
    {
        var socket = cluster.TransportSocketMatches
            .FirstOrDefault(m => m.Match?.Fields.TryGetValue("tlsMode", out var mode) == true && mode.StringValue == "istio")?.TransportSocket
            ?? cluster.TransportSocket;
        return socket?.TypedConfig is { } any && any.Is(UpstreamTlsContext.Descriptor) ? any.Unpack<UpstreamTlsContext>() : null;
    }

    /// <summary>The names the upstream certificate must carry (exact matches of the validation context).</summary>
    public static IReadOnlyList<string> SubjectAltNames(UpstreamTlsContext tls)
    {
        var validation = tls.CommonTlsContext.CombinedValidationContext?.DefaultValidationContext ?? tls.CommonTlsContext.ValidationContext;
        if (validation is null)
        {
            return [];
        }

        return validation.MatchTypedSubjectAltNames.Select(m => m.Matcher.Exact)
            .Where(n => !string.IsNullOrEmpty(n))
            .ToList();
    }

    public static bool RequiresClientCertificate(TransportSocket? socket) =>
        socket?.TypedConfig is { } any && any.Is(DownstreamTlsContext.Descriptor) && any.Unpack<DownstreamTlsContext>().RequireClientCertificate == true;

    /// <summary>The URI SANs of the leaf certificate of a TLS certificate secret.</summary>
    public static IReadOnlyList<string> CertificateUris(Secret secret)
    {
        var pem = secret.TlsCertificate.CertificateChain.InlineBytes.ToStringUtf8();
        if (string.IsNullOrEmpty(pem))
        {
            pem = secret.TlsCertificate.CertificateChain.InlineString;
        }

        using var leaf = X509Certificate2.CreateFromPem(pem);
        return Istiod.Net.Security.CertificateSans.Uris(leaf);
    }
}
