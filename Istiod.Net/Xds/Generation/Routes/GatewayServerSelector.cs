using Istiod.Net.Config.Model;
using Istiod.Net.Push;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// The Gateway servers a gateway proxy runs: those of every Gateway (any namespace) whose selector labels
/// the proxy's workload carries. An empty selector selects every gateway proxy.
/// </summary>
public static class GatewayServerSelector
{
    public const string Kind = "Gateway";

    public static IReadOnlyList<SelectedGatewayServer> For(PushContext push, IReadOnlyDictionary<string, string> labels)
    {
        var result = new List<SelectedGatewayServer>();
        foreach (var gateway in push.Config.List(Kind))
        {
            if (gateway.Spec is not GatewaySpec spec
                || !(spec.Selector ?? Empty).All(kv => labels.TryGetValue(kv.Key, out var value) && value == kv.Value))
            {
                continue;
            }

            foreach (var server in spec.Servers ?? [])
            {
                if (server.Port?.Number is > 0)
                {
                    result.Add(new SelectedGatewayServer(gateway, server));
                }
            }
        }

        return result;
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
