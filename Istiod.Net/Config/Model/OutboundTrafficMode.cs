using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Egress policy for unknown hosts. Written in YAML by its Istio name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutboundTrafficMode>))]
public enum OutboundTrafficMode
{
    [JsonStringEnumMemberName("REGISTRY_ONLY")]
    RegistryOnly,

    [JsonStringEnumMemberName("ALLOW_ANY")]
    AllowAny,
}
