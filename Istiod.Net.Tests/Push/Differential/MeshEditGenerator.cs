using System.Text;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Registry;

namespace Istiod.Net.Tests.Push.Differential;

/// <summary>
/// Seeded random config edits over a small mesh. Every object lives in a fixed slot (kind, namespace, name);
/// an edit writes a fresh random version of one slot (an add or a change) or deletes it. Values come from
/// small pools so edits collide: the same hosts, ports, subsets, labels and namespaces keep coming back.
/// Objects are written as YAML and read by the real parser, as a user's would be.
/// </summary>
public sealed class MeshEditGenerator(int seed)
{
    private static readonly string[] Hosts =
    [
        "reviews.ns-a.svc.cluster.local", "ratings.ns-a.svc.cluster.local", "web.ns-b.svc.cluster.local", "ext.example.com",
    ];

    private static readonly (uint Number, string Protocol)[] Ports = [(80, "HTTP"), (9080, "HTTP"), (7070, "GRPC"), (3306, "TCP")];

    private static readonly string[] Addresses = ["10.1.0.1", "10.1.0.2", "10.1.0.3", "10.1.0.4", "10.1.0.5"];

    private static readonly string?[] ExportTos = [null, null, "[\".\"]", "[\"*\"]", "[\"ns-a\"]", "[\"ns-b\", \"istio-system\"]"];

    /// <summary>Slots by kind: (namespace, name).</summary>
    private static readonly (string Kind, string Ns, string Name)[] Slots =
    [
        (ConfigKinds.ServiceEntry, "ns-a", "reviews"), (ConfigKinds.ServiceEntry, "ns-a", "ratings"),
        (ConfigKinds.ServiceEntry, "ns-b", "web"), (ConfigKinds.ServiceEntry, "ns-b", "ext"),
        (ConfigKinds.VirtualService, "ns-a", "vs-reviews"), (ConfigKinds.VirtualService, "ns-b", "vs-web"),
        (ConfigKinds.VirtualService, "istio-system", "vs-gateway"), (ConfigKinds.VirtualService, "ns-a", "vs-delegate"),
        (ConfigKinds.DestinationRule, "ns-a", "dr-reviews"), (ConfigKinds.DestinationRule, "ns-b", "dr-web"),
        (ConfigKinds.DestinationRule, "istio-system", "dr-ratings"),
        ("Gateway", "istio-system", "gw"),
        ("Sidecar", "ns-a", "default"), ("Sidecar", "ns-b", "web-only"),
        ("PeerAuthentication", "istio-system", "default"), ("PeerAuthentication", "ns-a", "reviews"),
        ("AuthorizationPolicy", "ns-a", "reviews"), ("AuthorizationPolicy", "istio-system", "mesh"),
        ("RequestAuthentication", "ns-a", "reviews"),
        (ConfigKinds.WorkloadEntry, "ns-a", "we-reviews"), (ConfigKinds.WorkloadEntry, "ns-b", "we-web"),
    ];

    private readonly Random _random = new(seed);
    private readonly HashSet<(string, string, string)> _present = [];

    /// <summary>The base mesh: one version of every slot.</summary>
    public IReadOnlyList<ConfigObject> BaseMesh()
    {
        var configs = new List<ConfigObject>();
        foreach (var slot in Slots)
        {
            if (_random.Next(5) > 0)
            {
                configs.Add(Parse(Write(slot)));
                _present.Add(slot);
            }
        }

        return configs;
    }

    public MeshEdit Next()
    {
        var slot = Slots[_random.Next(Slots.Length)];
        if (_present.Contains(slot) && _random.Next(5) == 0)
        {
            _present.Remove(slot);
            return new MeshEdit($"delete {slot.Kind} {slot.Ns}/{slot.Name}", null, new ConfigKey(slot.Kind, slot.Ns, slot.Name));
        }

        var yaml = Write(slot);
        var verb = _present.Add(slot) ? "add" : "change";
        return new MeshEdit($"{verb} {slot.Kind} {slot.Ns}/{slot.Name}:\n{yaml}", Parse(yaml), null);
    }

    private static ConfigObject Parse(string yaml)
    {
        var results = new ConfigParser().ParseYaml(yaml, "edit.yaml");
        if (results is not [{ Outcome: ParseOutcome.Accepted, Config: { } config }])
        {
            throw new InvalidOperationException($"the generator wrote a config the parser refuses: {string.Join("; ", results.SelectMany(r => r.Errors))}\n{yaml}");
        }

        return config;
    }

    private string Write((string Kind, string Ns, string Name) slot)
    {
        var body = slot.Kind switch
        {
            ConfigKinds.ServiceEntry => ServiceEntry(slot.Name),
            ConfigKinds.VirtualService => slot.Name == "vs-delegate" ? DelegateVirtualService() : VirtualService(slot.Ns, slot.Name),
            ConfigKinds.DestinationRule => DestinationRule(slot.Name),
            "Gateway" => Gateway(),
            "Sidecar" => Sidecar(slot.Name),
            "PeerAuthentication" => PeerAuthentication(slot.Ns),
            "AuthorizationPolicy" => AuthorizationPolicy(slot.Ns),
            ConfigKinds.WorkloadEntry => WorkloadEntry(slot.Name),
            _ => RequestAuthentication(),
        };
        var group = slot.Kind is "PeerAuthentication" or "AuthorizationPolicy" or "RequestAuthentication" ? "security" : "networking";
        return $"apiVersion: {group}.istio.io/v1\nkind: {slot.Kind}\nmetadata:\n  name: {slot.Name}\n  namespace: {slot.Ns}\nspec:\n{body}";
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private bool Chance(int percent) => _random.Next(100) < percent;

    private static string ExportTo(string? value) => value is null ? "" : $"  exportTo: {value}\n";

    private string ServiceEntry(string name)
    {
        var own = Hosts.FirstOrDefault(h => h.StartsWith(name + ".", StringComparison.Ordinal)) ?? Hosts[0];
        var host = Chance(80) ? own : Pick(Hosts);
        var ports = Ports.Where(_ => Chance(50)).DefaultIfEmpty(Pick(Ports)).ToList();
        var text = new StringBuilder($"  hosts: [\"{host}\"]\n  location: {(host.EndsWith(".example.com", StringComparison.Ordinal) ? "MESH_EXTERNAL" : "MESH_INTERNAL")}\n  resolution: STATIC\n");
        text.Append("  ports:\n");
        foreach (var (number, protocol) in ports)
        {
            text.Append($"  - number: {number}\n    name: {protocol.ToLowerInvariant()}-{number}\n    protocol: {protocol}\n");
        }

        var endpoints = Addresses.Where(_ => Chance(35)).ToList();
        if (Chance(30))
        {
            // Endpoints from WorkloadEntries instead of inline ones.
            text.Append($"  workloadSelector: {{labels: {{app: {Pick(new[] { "reviews", "web" })}}}}}\n");
        }
        else if (endpoints.Count > 0)
        {
            text.Append("  endpoints:\n");
            foreach (var address in endpoints)
            {
                text.Append($"  - address: {address}\n    labels: {{app: {name}, version: {Pick(new[] { "v1", "v2" })}}}\n");
            }
        }

        text.Append(ExportTo(Pick(ExportTos)));
        return text.ToString();
    }

    private string VirtualService(string ns, string name)
    {
        var gatewayBound = name == "vs-gateway";
        var hosts = Hosts.Where(_ => Chance(40)).DefaultIfEmpty(Pick(Hosts)).Select(h => Chance(20) && h.EndsWith(".svc.cluster.local", StringComparison.Ordinal) ? h.Split('.')[0] : h);
        var text = new StringBuilder($"  hosts: [{string.Join(", ", hosts.Select(h => $"\"{h}\""))}]\n");
        var gateways = gatewayBound ? Pick(new[] { "[\"istio-system/gw\"]", "[\"gw\", \"mesh\"]", "[\"istio-system/gw\"]" }) : Pick(new[] { (string?)null, null, "[\"mesh\"]", "[\"mesh\", \"istio-system/gw\"]" });
        if (gateways is not null)
        {
            text.Append($"  gateways: {gateways}\n");
        }

        text.Append(ExportTo(Pick(ExportTos)));
        text.Append("  http:\n");
        var routes = 1 + _random.Next(2);
        for (var i = 0; i < routes; i++)
        {
            text.Append("  - ");
            var indent = "    ";
            var first = true;
            void Line(string line)
            {
                text.Append(first ? line : indent + line).Append('\n');
                first = false;
            }

            if (i < routes - 1 || Chance(30))
            {
                Line(Pick(new[]
                {
                    "match: [{uri: {prefix: /a}}]", "match: [{uri: {exact: /b}}]", "match: [{headers: {x-user: {exact: jason}}}]",
                    "match: [{uri: {prefix: /a}}, {port: 9080}]",
                }));
            }

            if (!gatewayBound && ns == "ns-a" && Chance(25))
            {
                Line("delegate: {name: vs-delegate, namespace: ns-a}");
                continue;
            }

            Line("route:");
            AppendDestinations(text, indent);
        }

        return text.ToString();
    }

    private string DelegateVirtualService()
    {
        var text = new StringBuilder("  http:\n");
        text.Append($"  - match: [{{uri: {{prefix: {Pick(new[] { "/a", "/a/x", "/c" })}}}}}]\n    route:\n");
        AppendDestinations(text, "    ");
        text.Append("  - route:\n");
        AppendDestinations(text, "    ");
        return text.ToString();
    }

    private void AppendDestinations(StringBuilder text, string indent)
    {
        var count = 1 + _random.Next(2);
        var first = Pick(new[] { 10, 50, 90, 100 });
        for (var d = 0; d < count; d++)
        {
            var host = Pick(Hosts);
            var subset = Pick(new[] { null, "v1", "v2", "v3" });
            var port = Chance(30) ? $", port: {{number: {Pick(Ports).Number}}}" : "";
            text.Append($"{indent}- destination: {{host: {host}{(subset is null ? "" : $", subset: {subset}")}{port}}}\n");
            if (count > 1)
            {
                text.Append($"{indent}  weight: {(d == 0 ? Math.Min(first, 90) : 100 - Math.Min(first, 90))}\n");
            }
        }
    }

    private string DestinationRule(string name)
    {
        var own = name switch { "dr-reviews" => Hosts[0], "dr-ratings" => Hosts[1], _ => Hosts[2] };
        var text = new StringBuilder($"  host: {(Chance(80) ? own : Pick(Hosts))}\n");
        text.Append(ExportTo(Pick(ExportTos)));
        if (Chance(60))
        {
            text.Append("  trafficPolicy:\n");
            text.Append($"    loadBalancer: {{simple: {Pick(new[] { "ROUND_ROBIN", "LEAST_REQUEST", "RANDOM" })}}}\n");
            if (Chance(50))
            {
                text.Append($"    tls: {{mode: {Pick(new[] { "ISTIO_MUTUAL", "DISABLE" })}}}\n");
            }

            if (Chance(30))
            {
                text.Append("    connectionPool: {tcp: {maxConnections: " + Pick(new[] { 10, 100 }) + "}}\n");
            }
        }

        var subsets = new[] { "v1", "v2" }.Where(_ => Chance(60)).ToList();
        if (subsets.Count > 0)
        {
            text.Append("  subsets:\n");
            foreach (var subset in subsets)
            {
                text.Append($"  - name: {subset}\n    labels: {{version: {(Chance(85) ? subset : "v3")}}}\n");
                if (Chance(30))
                {
                    text.Append("    trafficPolicy: {loadBalancer: {simple: RANDOM}}\n");
                }
            }
        }

        return text.ToString();
    }

    private string Gateway()
    {
        var text = new StringBuilder($"  selector: {{istio: {(Chance(85) ? "ingressgateway" : "egressgateway")}}}\n  servers:\n");
        text.Append($"  - port: {{number: 80, name: http, protocol: HTTP}}\n    hosts: [{Pick(new[] { "\"*/*\"", "\"ns-a/*\"", "\"*/reviews.ns-a.svc.cluster.local\"", "\"istio-system/*\", \"ns-b/*\"" })}]\n");
        if (Chance(50))
        {
            text.Append($"  - port: {{number: 8080, name: http-alt, protocol: HTTP}}\n    hosts: [{Pick(new[] { "\"*/*\"", "\"ns-b/*\"" })}]\n");
        }

        return text.ToString();
    }

    private string Sidecar(string name)
    {
        var text = new StringBuilder();
        if (name != "default")
        {
            text.Append("  workloadSelector: {labels: {app: web}}\n");
        }

        text.Append($"  egress:\n  - hosts: [{Pick(new[] { "\"./*\", \"istio-system/*\"", "\"*/*\"", "\"ns-b/*\"", "\"ns-a/reviews.ns-a.svc.cluster.local\"" })}]\n");
        return text.ToString();
    }

    private string PeerAuthentication(string ns)
    {
        var text = new StringBuilder();
        if (ns != "istio-system")
        {
            text.Append($"  selector: {{matchLabels: {{app: {Pick(new[] { "reviews", "ratings" })}}}}}\n");
        }

        text.Append($"  mtls: {{mode: {Pick(new[] { "STRICT", "PERMISSIVE", "DISABLE" })}}}\n");
        if (ns != "istio-system" && Chance(30))
        {
            text.Append($"  portLevelMtls: {{\"9080\": {{mode: {Pick(new[] { "STRICT", "DISABLE" })}}}}}\n");
        }

        return text.ToString();
    }

    private string AuthorizationPolicy(string ns)
    {
        var text = new StringBuilder();
        if (ns != "istio-system")
        {
            text.Append($"  selector: {{matchLabels: {{app: {Pick(new[] { "reviews", "ratings", "web" })}}}}}\n");
        }

        text.Append($"  action: {Pick(new[] { "ALLOW", "DENY" })}\n  rules:\n");
        text.Append(Pick(new[]
        {
            "  - from: [{source: {principals: [\"cluster.local/ns/ns-b/sa/default\"]}}]\n",
            "  - to: [{operation: {paths: [\"/a\"], methods: [GET]}}]\n",
            "  - from: [{source: {namespaces: [ns-a]}}]\n    to: [{operation: {ports: [\"9080\"]}}]\n",
        }));
        return text.ToString();
    }

    private string WorkloadEntry(string name) =>
        $"  address: {Pick(Addresses)}\n  labels: {{app: {(Chance(80) ? name[3..] : "reviews")}, version: {Pick(new[] { "v1", "v2" })}}}\n"
        + (Chance(40) ? $"  serviceAccount: {Pick(new[] { "default", "reviews" })}\n" : "");

    private string RequestAuthentication() =>
        $"  selector: {{matchLabels: {{app: {Pick(new[] { "reviews", "ratings" })}}}}}\n  jwtRules:\n  - issuer: {Pick(new[] { "https://issuer-one.example.com", "https://issuer-two.example.com" })}\n    jwksUri: https://keys.example.com/jwks\n";
}
