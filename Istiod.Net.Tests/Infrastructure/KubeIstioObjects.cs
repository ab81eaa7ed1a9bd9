using System.Text.Json.Nodes;
using Istiod.Net.Kube;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>Kubernetes objects as the API server holds them, for the cluster source, registry and leader tests.</summary>
internal static class KubeIstioObjects
{
    public static KubeResourceType VirtualServicesV1 { get; } = Crd("networking.istio.io", "v1", "virtualservices", "VirtualService");

    public static KubeResourceType DestinationRulesV1 { get; } = Crd("networking.istio.io", "v1", "destinationrules", "DestinationRule");

    public static KubeResourceType AuthorizationPoliciesV1Beta1 { get; } = Crd("security.istio.io", "v1beta1", "authorizationpolicies", "AuthorizationPolicy");

    public static KubeResourceType Crd(string group, string version, string plural, string kind) => new(group, version, plural, kind, Namespaced: true);

    /// <summary>A VirtualService routing <paramref name="host"/> to itself; a negative weight makes it invalid.</summary>
    public static JsonObject VirtualService(string ns, string name, string host, int weight = 100, string version = "v1") => new()
    {
        ["apiVersion"] = $"networking.istio.io/{version}",
        ["kind"] = "VirtualService",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["hosts"] = new JsonArray(host),
            ["http"] = new JsonArray(new JsonObject
            {
                ["route"] = new JsonArray(new JsonObject
                {
                    ["destination"] = new JsonObject { ["host"] = host },
                    ["weight"] = weight,
                }),
            }),
        },
    };

    public static JsonObject DestinationRule(string ns, string name, string host, int maxConnections = 10) => new()
    {
        ["apiVersion"] = "networking.istio.io/v1",
        ["kind"] = "DestinationRule",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["host"] = host,
            ["trafficPolicy"] = new JsonObject
            {
                ["connectionPool"] = new JsonObject { ["tcp"] = new JsonObject { ["maxConnections"] = maxConnections } },
            },
        },
    };

    public static JsonObject AuthorizationPolicy(string ns, string name) => new()
    {
        ["apiVersion"] = "security.istio.io/v1beta1",
        ["kind"] = "AuthorizationPolicy",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["action"] = "DENY", ["rules"] = new JsonArray(new JsonObject()) },
    };

    public static JsonObject Service(string ns, string name, string clusterIp, params (string Name, int Port, int Target)[] ports) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["clusterIP"] = clusterIp,
            ["ports"] = new JsonArray(ports.Select(p => (JsonNode?)new JsonObject
            {
                ["name"] = p.Name,
                ["port"] = p.Port,
                ["targetPort"] = p.Target,
                ["protocol"] = "TCP",
            }).ToArray()),
        },
    };

    /// <summary>One endpoint per pod: (pod name, IP, ready, node).</summary>
    public static JsonObject EndpointSlice(string ns, string name, string service, (string Name, int Port)[] ports, params (string Pod, string Ip, bool Ready, string Node)[] endpoints) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service },
        },
        ["addressType"] = "IPv4",
        ["ports"] = new JsonArray(ports.Select(p => (JsonNode?)new JsonObject { ["name"] = p.Name, ["port"] = p.Port, ["protocol"] = "TCP" }).ToArray()),
        ["endpoints"] = new JsonArray(endpoints.Select(e => (JsonNode?)new JsonObject
        {
            ["addresses"] = new JsonArray(e.Ip),
            ["conditions"] = new JsonObject { ["ready"] = e.Ready },
            ["nodeName"] = e.Node,
            ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["name"] = e.Pod, ["namespace"] = ns },
        }).ToArray()),
    };

    public static JsonObject Pod(string ns, string name, string serviceAccount, string node, params (string Key, string Value)[] labels) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
        },
        ["spec"] = new JsonObject { ["serviceAccountName"] = serviceAccount, ["nodeName"] = node },
    };

    public static JsonObject Node(string name, string region, string zone) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["labels"] = new JsonObject { ["topology.kubernetes.io/region"] = region, ["topology.kubernetes.io/zone"] = zone },
        },
    };

    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    public static JsonObject ConfigMap(string ns, string name, params (string Key, string Value)[] data) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["data"] = new JsonObject(data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
    };

    /// <summary>Client and informer settings that make faults heal within a second or two.</summary>
    public static KubeClientOptions FastClient => new() { RequestTimeout = TimeSpan.FromSeconds(2), WatchGrace = TimeSpan.FromSeconds(2) };

    public static KubeInformerOptions FastInformer(int seed) => new()
    {
        PageSize = 5,
        WatchTimeout = TimeSpan.FromSeconds(3),
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(300),
        Random = new Random(seed),
    };
}
