using System.Globalization;
using System.Net;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Istiod.Net.Push;
using EnvoyEndpoint = Envoy.Config.Endpoint.V3.Endpoint;
using SocketAddress = Envoy.Config.Core.V3.SocketAddress;

namespace Istiod.Net.Xds.Generation.Clusters;

/// <summary>
/// <c>inbound|port||</c> clusters: one per port of the proxy's own workload. The ports are the Sidecar's
/// ingress listeners when it declares any, else the ports of the registry endpoints at the proxy's addresses.
/// Each is a STATIC cluster to 127.0.0.1:port (or the Sidecar's defaultEndpoint), not Istio's current
/// ORIGINAL_DST with a 127.0.0.6 bind: a stock Envoy sidecar may run without Istio's iptables rules that
/// exempt 127.0.0.6, and a loopback connection is never captured again by the usual inbound redirect.
/// The price is that the application must listen on loopback (or 0.0.0.0), as it had to before Istio 1.10.
/// </summary>
public static class InboundClusters
{
    public const string Loopback = "127.0.0.1";

    /// <summary>The workload's ports; <paramref name="readHost"/> hears each service host whose endpoints were used.</summary>
    public static IReadOnlyList<InboundPort> PortsOf(GenerationContext context, SidecarScope scope, Action<string> readHost)
    {
        var workload = context.Workload;
        if (workload is null || workload.Kind != ProxyKind.Sidecar)
        {
            return [];
        }

        if (scope.Ingress.Count > 0)
        {
            return scope.Ingress
                .Where(i => i.Port?.Number is > 0)
                .Select(i => FromIngress(i.Port!.Number!.Value, i.Port.Protocol, i.DefaultEndpoint, workload))
                .OfType<InboundPort>()
                .DistinctBy(p => p.Port)
                .OrderBy(p => p.Port)
                .ToList();
        }

        if (workload.InterceptionMode == InterceptionMode.None)
        {
            // As the inbound listeners: without capture only the Sidecar's ingress listeners define ports.
            return [];
        }

        var addresses = workload.Addresses.ToHashSet(StringComparer.Ordinal);
        var ports = new Dictionary<uint, InboundPort>();
        foreach (var service in context.Push.Registry.VisibleTo(context.Namespace))
        {
            foreach (var instance in context.Push.Registry.Instances(service.Key).Where(i => addresses.Contains(i.Address)))
            {
                readHost(service.Hostname);
                ports.TryAdd(instance.Port, new InboundPort(instance.Port, instance.ServicePort.Protocol, Loopback, instance.Port));
            }
        }

        return ports.Values.OrderBy(p => p.Port).ToList();
    }

    /// <summary>The port of an <c>inbound|port||</c> name (which <see cref="ClusterName.TryParse"/> rejects: it has no host).</summary>
    public static bool TryParse(string name, out uint port)
    {
        port = 0;
        var prefix = ClusterName.Inbound + "|";
        return name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith("||", StringComparison.Ordinal)
            && uint.TryParse(name.AsSpan(prefix.Length, name.Length - prefix.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port is > 0 and <= 65535
            && name == ClusterName.ForInbound(port);
    }

    public static Cluster Build(InboundPort port, TimeSpan connectTimeout)
    {
        var name = ClusterName.ForInbound(port.Port);
        var cluster = new Cluster
        {
            Name = name,
            Type = Cluster.Types.DiscoveryType.Static,
            LbPolicy = Cluster.Types.LbPolicy.RoundRobin,
            LoadAssignment = new ClusterLoadAssignment
            {
                ClusterName = name,
                Endpoints =
                {
                    new LocalityLbEndpoints
                    {
                        LbEndpoints =
                        {
                            new LbEndpoint
                            {
                                Endpoint = new EnvoyEndpoint { Address = EndpointAddress(port) },
                            },
                        },
                    },
                },
            },
        };
        ConnectionPoolTranslator.Apply(cluster, null, new Registry.ServicePort("", port.Port, port.Protocol), connectTimeout);
        return cluster;
    }

    /// <summary>A unix socket endpoint is a pipe; anything else an IP and port.</summary>
    private static Address EndpointAddress(InboundPort port) =>
        port.Host.StartsWith(UnixPrefix, StringComparison.Ordinal)
            ? new Address { Pipe = new Pipe { Path = port.Host[UnixPrefix.Length..] } }
            : new Address { SocketAddress = new SocketAddress { Address = port.Host, PortValue = port.TargetPort } };

    private const string UnixPrefix = "unix://";

    /// <summary>defaultEndpoint is <c>127.0.0.1:PORT</c>, <c>0.0.0.0:PORT</c> (the instance address) or <c>unix:///path</c>.</summary>
    private static InboundPort? FromIngress(uint number, string? protocol, string? defaultEndpoint, ProxyWorkload workload)
    {
        if (string.IsNullOrEmpty(defaultEndpoint))
        {
            return new InboundPort(number, protocol ?? "TCP", Loopback, number);
        }

        if (defaultEndpoint.StartsWith(UnixPrefix, StringComparison.Ordinal))
        {
            return new InboundPort(number, protocol ?? "TCP", defaultEndpoint, 0);
        }

        var colon = defaultEndpoint.LastIndexOf(':');
        if (colon <= 0 || !uint.TryParse(defaultEndpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var target)
            || target is 0 or > 65535)
        {
            return null;
        }

        var host = defaultEndpoint[..colon].Trim('[', ']');
        if (!IPAddress.TryParse(host, out var ip))
        {
            return null;
        }

        if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
        {
            host = workload.Addresses.FirstOrDefault() ?? Loopback;
        }

        return new InboundPort(number, protocol ?? "TCP", host, target);
    }
}
