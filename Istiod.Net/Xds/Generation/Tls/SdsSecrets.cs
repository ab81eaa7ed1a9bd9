using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;

namespace Istiod.Net.Xds.Generation.Tls;

/// <summary>
/// The names of the secrets a stock Envoy fetches over ADS (SDS), and references to them. The workload
/// certificate is <c>default</c> and the mesh trust bundle <c>ROOTCA</c>, as Istio names them; gateway
/// certificates are <c>kubernetes://&lt;credentialName&gt;</c> and their CA <c>…-cacert</c>.
/// </summary>
public static class SdsSecrets
{
    public const string WorkloadCertificate = "default";
    public const string RootCa = "ROOTCA";
    public const string CredentialPrefix = "kubernetes://";
    public const string CaCertSuffix = "-cacert";

    public static string Credential(string credentialName) => CredentialPrefix + credentialName;

    public static string CredentialCa(string credentialName) => CredentialPrefix + credentialName + CaCertSuffix;

    /// <summary>A reference to secret <paramref name="name"/>, fetched over the proxy's ADS stream.</summary>
    public static SdsSecretConfig Reference(string name) => new()
    {
        Name = name,
        SdsConfig = new ConfigSource
        {
            Ads = new AggregatedConfigSource(),
            ResourceApiVersion = ApiVersion.V3,
        },
    };
}
