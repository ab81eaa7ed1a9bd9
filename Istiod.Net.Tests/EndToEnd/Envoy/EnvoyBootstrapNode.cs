using System.Text.Json.Nodes;
using Envoy.Config.Core.V3;
using Google.Protobuf;

namespace Istiod.Net.Tests.EndToEnd.Envoy;

/// <summary>The node of a bootstrap file as Envoy sends it on its ADS stream.</summary>
public static class EnvoyBootstrapNode
{
    public static Node Read(string bootstrapFile)
    {
        var json = JsonNode.Parse(File.ReadAllText(bootstrapFile))!["node"]!.ToJsonString();
        return JsonParser.Default.Parse<Node>(json);
    }
}
