using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>How a gateway server handles TLS. Written in YAML by its Istio name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServerTlsMode>))]
public enum ServerTlsMode
{
    [JsonStringEnumMemberName("PASSTHROUGH")]
    Passthrough,

    [JsonStringEnumMemberName("SIMPLE")]
    Simple,

    [JsonStringEnumMemberName("MUTUAL")]
    Mutual,

    [JsonStringEnumMemberName("AUTO_PASSTHROUGH")]
    AutoPassthrough,

    [JsonStringEnumMemberName("ISTIO_MUTUAL")]
    IstioMutual,

    [JsonStringEnumMemberName("OPTIONAL_MUTUAL")]
    OptionalMutual,
}
