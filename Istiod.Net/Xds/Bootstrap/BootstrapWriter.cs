using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Istiod.Net.Xds.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Istiod.Net.Xds.Bootstrap;

/// <summary>
/// Writes a bootstrap as Envoy reads it: proto3 JSON (field names as in the protos' JSON mapping, Any values
/// with their @type), indented, or the same tree as YAML.
/// </summary>
public static partial class BootstrapWriter
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(ProtoTypes.Registry));

    public static string Write(IMessage bootstrap, BootstrapFormat format)
    {
        var tree = JsonNode.Parse(Formatter.Format(bootstrap))!;
        return format switch
        {
            BootstrapFormat.Json => tree.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n",
            BootstrapFormat.Yaml => ToYaml(tree),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    private static string ToYaml(JsonNode tree)
    {
        var stream = new YamlStream(new YamlDocument(ToYamlNode(tree)));
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(text, assignAnchors: false);
        // YamlStream ends each document with "...": a single document does not need the marker.
        var yaml = text.ToString();
        return yaml.EndsWith("...\n", StringComparison.Ordinal) ? yaml[..^4] : yaml;
    }

    private static YamlNode ToYamlNode(JsonNode? node) => node switch
    {
        JsonObject map => new YamlMappingNode(map.Select(p => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(p.Key), ToYamlNode(p.Value)))),
        JsonArray list => new YamlSequenceNode(list.Select(ToYamlNode)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Text(value.GetValue<string>()),
        JsonValue value => new YamlScalarNode(value.ToJsonString()) { Style = ScalarStyle.Plain },
        null => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
        _ => throw new InvalidOperationException($"unexpected JSON node {node.GetType().Name}"),
    };

    /// <summary>A string stays a string in YAML: quoted when it would otherwise read as a number, bool or null.</summary>
    private static YamlScalarNode Text(string value) =>
        new(value) { Style = value.Length == 0 || LooksTyped().IsMatch(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };

    [GeneratedRegex(@"^([-+]?(\.?[0-9]|\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|0x|0o|~$|null$|Null$|NULL$|(true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$)")]
    private static partial Regex LooksTyped();
}
