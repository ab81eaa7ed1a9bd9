using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Whether a ServiceEntry's service is inside or outside the mesh. Written in YAML by its Istio name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServiceEntryLocation>))]
public enum ServiceEntryLocation
{
    [JsonStringEnumMemberName("MESH_EXTERNAL")]
    MeshExternal,

    [JsonStringEnumMemberName("MESH_INTERNAL")]
    MeshInternal,
}
