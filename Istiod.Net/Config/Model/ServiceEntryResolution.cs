using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>How a ServiceEntry's endpoints are found. Written in YAML by its Istio name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServiceEntryResolution>))]
public enum ServiceEntryResolution
{
    [JsonStringEnumMemberName("NONE")]
    None,

    [JsonStringEnumMemberName("STATIC")]
    Static,

    [JsonStringEnumMemberName("DNS")]
    Dns,

    [JsonStringEnumMemberName("DNS_ROUND_ROBIN")]
    DnsRoundRobin,
}
