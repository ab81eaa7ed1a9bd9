using Istiod.Net.Config.Model;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Generation.Envoy;
using ServicePort = Istiod.Net.Config.Model.ServicePort;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>Generator table and config shorthands for tests of the stock-Envoy generators.</summary>
public static class EnvoyMesh
{
    /// <summary>Gateways get the router set, every other proxy the sidecar set (proxyless clients are not tested here).</summary>
    public static GeneratorTable Table() => new(
    [
        new GeneratorRule("router", p => p.Kind == ProxyKind.Router, EnvoyGeneratorSets.Router()),
        new GeneratorRule("sidecar", _ => true, EnvoyGeneratorSets.Sidecar()),
    ]);

    /// <summary>A ServiceEntry with named ports "&lt;protocol&gt;-&lt;number&gt;".</summary>
    public static ConfigObject Service(
        string ns, string host, (uint Number, string Protocol)[] ports,
        ServiceEntryResolution resolution = ServiceEntryResolution.Static,
        ServiceEntryLocation location = ServiceEntryLocation.MeshInternal,
        params WorkloadEntrySpec[] endpoints) =>
        MeshConfigs.ServiceEntry(ns, host.Split('.')[0] + "-" + resolution.ToString().ToLowerInvariant(), new ServiceEntrySpec
        {
            Hosts = [host],
            Ports = ports.Select(p => new ServicePort { Number = p.Number, Name = $"{p.Protocol.ToLowerInvariant()}-{p.Number}", Protocol = p.Protocol }).ToList(),
            Resolution = resolution,
            Location = location,
            Endpoints = endpoints,
        });

    /// <summary>An endpoint of a mesh workload: sidecar-injected (tlsMode istio) unless told otherwise.</summary>
    public static WorkloadEntrySpec Workload(
        string address, string? serviceAccount = null, bool meshMtls = true, string? locality = null,
        uint? weight = null, params (string Key, string Value)[] labels)
    {
        var all = labels.ToDictionary(l => l.Key, l => l.Value);
        if (meshMtls)
        {
            all["security.istio.io/tlsMode"] = "istio";
        }

        return new WorkloadEntrySpec { Address = address, ServiceAccount = serviceAccount, Locality = locality, Weight = weight, Labels = all };
    }
}
