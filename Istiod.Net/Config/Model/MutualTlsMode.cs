using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The mutual TLS mode a PeerAuthentication sets for incoming connections.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MutualTlsMode>))]
public enum MutualTlsMode
{
    [JsonStringEnumMemberName("UNSET")]
    Unset,

    [JsonStringEnumMemberName("DISABLE")]
    Disable,

    [JsonStringEnumMemberName("PERMISSIVE")]
    Permissive,

    [JsonStringEnumMemberName("STRICT")]
    Strict,
}
