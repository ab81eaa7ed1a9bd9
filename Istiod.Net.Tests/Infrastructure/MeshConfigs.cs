using Istiod.Net.Config.Model;
using Istiod.Net.Registry;
using ServicePort = Istiod.Net.Config.Model.ServicePort;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>Short constructors for the Istio configs tests build by hand.</summary>
public static class MeshConfigs
{
    private static long _clock;

    /// <summary>Each object gets a later creation time than the previous one, so "oldest first" is the call order.</summary>
    public static ConfigObject Object(string kind, string ns, string name, object spec, IReadOnlyDictionary<string, string>? labels = null) =>
        new(kind, new ConfigMeta
        {
            Name = name,
            Namespace = ns,
            Labels = labels ?? new Dictionary<string, string>(),
            CreationTimestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(Interlocked.Increment(ref _clock)),
        }, spec);

    public static ConfigObject ServiceEntry(string ns, string name, ServiceEntrySpec spec) =>
        Object(ConfigKinds.ServiceEntry, ns, name, spec);

    public static ConfigObject WorkloadEntry(string ns, string name, WorkloadEntrySpec spec, IReadOnlyDictionary<string, string>? labels = null) =>
        Object(ConfigKinds.WorkloadEntry, ns, name, spec, labels);

    public static ConfigObject VirtualService(string ns, string name, VirtualServiceSpec spec) =>
        Object(ConfigKinds.VirtualService, ns, name, spec);

    public static ConfigObject DestinationRule(string ns, string name, DestinationRuleSpec spec) =>
        Object(ConfigKinds.DestinationRule, ns, name, spec);

    /// <summary>A MESH_INTERNAL STATIC ServiceEntry for one host with gRPC ports named grpc-&lt;number&gt;.</summary>
    public static ConfigObject StaticService(string ns, string name, string host, uint[] ports, params WorkloadEntrySpec[] endpoints) =>
        ServiceEntry(ns, name, new ServiceEntrySpec
        {
            Hosts = [host],
            Ports = ports.Select(p => new ServicePort { Number = p, Name = $"grpc-{p}", Protocol = "GRPC" }).ToList(),
            Resolution = ServiceEntryResolution.Static,
            Location = ServiceEntryLocation.MeshInternal,
            Endpoints = endpoints,
        });

    public static WorkloadEntrySpec Endpoint(string address, IReadOnlyDictionary<string, string>? labels = null, string? locality = null, uint? weight = null) =>
        new() { Address = address, Labels = labels, Locality = locality, Weight = weight };

    public static IReadOnlyDictionary<string, string> Labels(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);
}
