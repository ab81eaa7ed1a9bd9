using System.Text.Json;
using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>
/// The one set of System.Text.Json options for config specs: strict when reading (an unknown field or a
/// wrong type is an error, as in Istio's CRD schemas) and without nulls when writing, so unset fields do
/// not change a spec's canonical form.
/// </summary>
public static class ConfigJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.Strict,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = 128,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
