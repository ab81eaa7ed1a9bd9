using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>What an AuthorizationPolicy does with matching requests.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuthorizationAction>))]
public enum AuthorizationAction
{
    [JsonStringEnumMemberName("ALLOW")]
    Allow,

    [JsonStringEnumMemberName("DENY")]
    Deny,

    [JsonStringEnumMemberName("AUDIT")]
    Audit,

    [JsonStringEnumMemberName("CUSTOM")]
    Custom,
}
