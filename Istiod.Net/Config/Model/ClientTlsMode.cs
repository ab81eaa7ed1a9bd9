using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>How the proxy secures connections to a destination. Written in YAML by its Istio name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ClientTlsMode>))]
public enum ClientTlsMode
{
    [JsonStringEnumMemberName("DISABLE")]
    Disable,

    [JsonStringEnumMemberName("SIMPLE")]
    Simple,

    [JsonStringEnumMemberName("MUTUAL")]
    Mutual,

    [JsonStringEnumMemberName("ISTIO_MUTUAL")]
    IstioMutual,
}
