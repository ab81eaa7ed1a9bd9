using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A simple load balancing algorithm. Written in YAML by its Istio name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SimpleLb>))]
public enum SimpleLb
{
    [JsonStringEnumMemberName("UNSPECIFIED")]
    Unspecified,

    [JsonStringEnumMemberName("LEAST_CONN")]
    LeastConn,

    [JsonStringEnumMemberName("RANDOM")]
    Random,

    [JsonStringEnumMemberName("PASSTHROUGH")]
    Passthrough,

    [JsonStringEnumMemberName("ROUND_ROBIN")]
    RoundRobin,

    [JsonStringEnumMemberName("LEAST_REQUEST")]
    LeastRequest,
}
