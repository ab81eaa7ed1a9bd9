using System.Globalization;
using System.Text.Json.Nodes;
using Istiod.Net.Config.Model;
using Istiod.Net.Kube;

namespace Istiod.Net.Registry.Kube;

/// <summary>
/// Turns a Service, its EndpointSlices and the Pods, Nodes and Namespace they point at into registry terms.
/// Pure: reads only what it is given, and reports which pods and nodes it looked at so the caller knows what
/// to recompute when one of those changes.
/// </summary>
public static class KubeServiceConverter
{
    public const string ExportToAnnotation = "networking.istio.io/exportTo";
    public const string NetworkLabel = "topology.istio.io/network";
    public const string RegionLabel = "topology.kubernetes.io/region";
    public const string ZoneLabel = "topology.kubernetes.io/zone";
    public const string SubzoneLabel = "topology.istio.io/subzone";

    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>The Kubernetes object lookups the conversion needs; each returns null when the object is unknown.</summary>
    public sealed record Lookups(
        Func<KubeObjectKey, JsonObject?> Pod,
        Func<string, JsonObject?> Node,
        Func<string, JsonObject?> Namespace);

    public static KubeServiceView Convert(
        JsonObject service,
        IEnumerable<JsonObject> slices,
        Lookups lookups,
        string domain,
        string sourceName,
        ISet<KubeObjectKey> podsRead,
        ISet<string> nodesRead)
    {
        var ns = KubeObjects.Namespace(service) ?? "default";
        var name = KubeObjects.Name(service)!;
        var spec = service["spec"] as JsonObject ?? [];
        var type = Text(spec["type"]) ?? "ClusterIP";
        var hostname = $"{name}.{ns}.svc.{domain}".ToLowerInvariant();
        var ports = ReadPorts(spec);

        var definition = new Service
        {
            Hostname = hostname,
            Namespace = ns,
            Ports = ports,
            Addresses = ClusterIps(spec),
            Resolution = type == "ExternalName" ? ServiceEntryResolution.Dns
                : Text(spec["clusterIP"]) == "None" ? ServiceEntryResolution.None
                : ServiceEntryResolution.Static,
            MeshExternal = type == "ExternalName",
            Visibility = Visibility.FromExportTo(ExportTo(service), ns),
            Source = sourceName,
        };

        var instances = new List<ServiceInstance>();
        if (type == "ExternalName")
        {
            // The registry resolves the external name through DNS, like a DNS ServiceEntry without endpoints.
            if (Text(spec["externalName"]) is { Length: > 0 } external)
            {
                instances.AddRange(ports.Select(p => new ServiceInstance
                {
                    Service = definition.Key,
                    ServicePort = p,
                    Address = external.TrimEnd('.').ToLowerInvariant(),
                    Port = p.Number,
                }));
            }

            return new KubeServiceView(definition, instances);
        }

        var namespaceObject = lookups.Namespace(ns);
        var namespaceNetwork = Label(namespaceObject, NetworkLabel);
        foreach (var slice in slices.OrderBy(s => KubeObjects.Name(s), StringComparer.Ordinal))
        {
            if (Text(slice["addressType"]) is "FQDN")
            {
                continue;
            }

            var slicePorts = (slice["ports"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(p => (Name: Text(p["name"]) ?? "", Port: Number(p["port"])))
                .Where(p => p.Port is > 0)
                .ToArray();
            foreach (var endpoint in (slice["endpoints"] as JsonArray ?? []).OfType<JsonObject>())
            {
                AddEndpoint(definition, ports, slicePorts, endpoint, lookups, namespaceNetwork, podsRead, nodesRead, instances);
            }
        }

        instances.Sort(static (a, b) =>
        {
            var c = a.ServicePort.Number.CompareTo(b.ServicePort.Number);
            c = c != 0 ? c : string.CompareOrdinal(a.Address, b.Address);
            return c != 0 ? c : a.Port.CompareTo(b.Port);
        });
        return new KubeServiceView(definition, instances);
    }

    private static void AddEndpoint(
        Service definition,
        IReadOnlyList<ServicePort> ports,
        (string Name, uint? Port)[] slicePorts,
        JsonObject endpoint,
        Lookups lookups,
        string? namespaceNetwork,
        ISet<KubeObjectKey> podsRead,
        ISet<string> nodesRead,
        List<ServiceInstance> instances)
    {
        var conditions = endpoint["conditions"] as JsonObject;

        // An absent ready condition means unknown, which consumers treat as ready; terminating endpoints say false.
        var ready = conditions?["ready"] is not JsonValue r || !r.TryGetValue<bool>(out var isReady) || isReady;

        JsonObject? pod = null;
        if (endpoint["targetRef"] is JsonObject targetRef && Text(targetRef["kind"]) == "Pod" && Text(targetRef["name"]) is { Length: > 0 } podName)
        {
            var podKey = new KubeObjectKey(Text(targetRef["namespace"]) ?? definition.Namespace, podName);
            podsRead.Add(podKey);
            pod = lookups.Pod(podKey);
        }

        var nodeName = Text(endpoint["nodeName"]) ?? Text(pod?["spec"]?["nodeName"]);
        JsonObject? node = null;
        if (!string.IsNullOrEmpty(nodeName))
        {
            nodesRead.Add(nodeName);
            node = lookups.Node(nodeName);
        }

        var labels = LabelsOf(pod);
        var locality = Locality(
            Label(node, RegionLabel) ?? "",
            Label(node, ZoneLabel) ?? Text(endpoint["zone"]) ?? "",
            Label(node, SubzoneLabel) ?? "");
        var serviceAccount = Text(pod?["spec"]?["serviceAccountName"]) ?? (pod is null ? null : "default");
        var network = labels.GetValueOrDefault(NetworkLabel) ?? namespaceNetwork;

        foreach (var address in (endpoint["addresses"] as JsonArray ?? []).Select(Text).OfType<string>())
        {
            foreach (var port in ports)
            {
                // A slice port carries the service port's name; an unnamed single port matches the unnamed slice port.
                var match = slicePorts.FirstOrDefault(p => p.Name == PortNameInSlice(port, ports.Count));
                if (match.Port is not { } target)
                {
                    continue;
                }

                instances.Add(new ServiceInstance
                {
                    Service = definition.Key,
                    ServicePort = port,
                    Address = address,
                    Port = target,
                    Labels = labels,
                    Locality = locality,
                    ServiceAccount = serviceAccount,
                    Network = network,
                    Ready = ready,
                });
            }
        }
    }

    /// <summary>Kubernetes copies the service port's name into the slice; a service port without a name is "".</summary>
    private static string PortNameInSlice(ServicePort port, int count) =>
        port.Name == port.Number.ToString(CultureInfo.InvariantCulture) && count == 1 ? "" : port.Name;

    private static IReadOnlyList<ServicePort> ReadPorts(JsonObject spec)
    {
        var ports = new List<ServicePort>();
        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Number(port["port"]) is not { } number || number == 0)
            {
                continue;
            }

            var name = Text(port["name"]);
            var target = port["targetPort"] is JsonValue t && t.TryGetValue<int>(out var targetNumber) && targetNumber > 0 ? (uint?)targetNumber : null;
            ports.Add(new ServicePort(
                string.IsNullOrEmpty(name) ? number.ToString(CultureInfo.InvariantCulture) : name,
                number,
                KubePortProtocol.Of(name, Text(port["appProtocol"]), Text(port["protocol"])),
                target));
        }

        return ports;
    }

    private static IReadOnlyList<string> ClusterIps(JsonObject spec)
    {
        var ips = (spec["clusterIPs"] as JsonArray ?? []).Select(Text).OfType<string>().ToList();
        if (ips.Count == 0 && Text(spec["clusterIP"]) is { Length: > 0 } single)
        {
            ips.Add(single);
        }

        return ips.Where(ip => ip != "None").ToArray();
    }

    private static IReadOnlyList<string>? ExportTo(JsonObject service) =>
        service["metadata"]?["annotations"]?[ExportToAnnotation] is JsonValue v && v.TryGetValue<string>(out var text)
            ? text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : null;

    private static string Locality(string region, string zone, string subzone) =>
        subzone.Length > 0 ? $"{region}/{zone}/{subzone}" : zone.Length > 0 ? $"{region}/{zone}" : region;

    private static IReadOnlyDictionary<string, string> LabelsOf(JsonObject? obj)
    {
        if (obj?["metadata"]?["labels"] is not JsonObject labels)
        {
            return NoLabels;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            if (Text(value) is { } text)
            {
                map[key] = text;
            }
        }

        return map;
    }

    private static string? Label(JsonObject? obj, string label) => Text(obj?["metadata"]?["labels"]?[label]);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static uint? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var n) && n >= 0 ? (uint)n : null;
}
