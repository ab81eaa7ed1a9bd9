using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>What a Telemetry tag override does.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TagOperation>))]
public enum TagOperation
{
    [JsonStringEnumMemberName("UPSERT")]
    Upsert,

    [JsonStringEnumMemberName("REMOVE")]
    Remove,
}
