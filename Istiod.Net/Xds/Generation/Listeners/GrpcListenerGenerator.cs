using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Security.Authorization;
using Istiod.Net.Security.PeerAuthentication;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// Client-side API listeners for proxyless gRPC (gRFC A27): one per service host and port, named
/// <c>host:port</c> as the client dials <c>xds:///host:port</c>. Only fully qualified names are served,
/// as Istio does: a client dialing a short name ("reviews:9080") finds no listener.
/// </summary>
public sealed class GrpcListenerGenerator : IXdsGenerator
{
    public string TypeUrl => XdsTypeUrls.Listener;

    /// <summary>A server listener follows the labels that select policies; a client listener reads nothing of the workload.</summary>
    public WorkloadFacets WorkloadFacetsFor(string name) =>
        GrpcServerListenerName.TryParse(name, out _) ? WorkloadFacets.Labels : WorkloadFacets.None;

    public IReadOnlySet<DependencyKind> Reads { get; } = new HashSet<DependencyKind> { DependencyKind.Service, DependencyKind.VirtualService, DependencyKind.ConfigKind };

    public IReadOnlySet<string> ReadsConfigKinds { get; } = new HashSet<string>(StringComparer.Ordinal) { PeerAuthenticationResolver.Kind, PolicyAuthorizationFilters.AuthorizationPolicyKind };

    public IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read)
    {
        read.Add(Dependency.Service(Dependency.AnyHost));
        foreach (var service in context.Push.Registry.VisibleTo(context.Namespace).Where(s => !Hostnames.IsWildcard(s.Hostname)))
        {
            foreach (var port in service.Ports)
            {
                yield return new HostPort(service.Hostname, port.Number).ToString();
            }
        }
    }

    public IMessage? Generate(GenerationContext context, string name, DependencyRecorder read)
    {
        if (GrpcServerListenerName.TryParse(name, out var server))
        {
            return ServerListener(context, name, server, read);
        }

        if (!HostPort.TryParse(name, out var target))
        {
            return null;
        }

        read.Add(Dependency.Service(target.Host));
        var service = context.Push.Registry.Find(target.Host, context.Namespace);
        if (service?.PortByNumber(target.Port) is null)
        {
            return null;
        }

        read.Add(Dependency.VirtualService(target.Host));
        var routes = context.Push.VirtualServices.ForHost(target.Host, context.Namespace);
        var withFault = routes?.Spec.Http?.Any(r => r.Fault is not null) == true;

        var manager = new HttpConnectionManager
        {
            StatPrefix = name,
            Rds = new Rds
            {
                RouteConfigName = name,
                ConfigSource = new ConfigSource { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 },
            },
        };

        // gRPC NACKs a listener whose last filter is not the router, or that has a router anywhere else.
        // The fault filter is only there when a route injects faults: its per-route config needs it.
        if (withFault)
        {
            manager.HttpFilters.Add(new HttpFilter { Name = HttpFilterNames.Fault, TypedConfig = Any.Pack(new HTTPFault()) });
        }

        manager.HttpFilters.Add(new HttpFilter { Name = HttpFilterNames.Router, TypedConfig = Any.Pack(new Router()) });

        return new Listener
        {
            Name = name,
            ApiListener = new ApiListener { ApiListener_ = Any.Pack(manager) },
        };
    }

    private static Listener ServerListener(GenerationContext context, string name, GrpcServerListenerName address, DependencyRecorder read)
    {
        read.Add(Dependency.Config(PeerAuthenticationResolver.Kind));
        var labels = context.Workload?.Labels ?? new Dictionary<string, string>();
        var mtls = PeerAuthenticationResolver.Resolve(context.Push.Config, context.Push.Mesh.EffectiveRootNamespace, context.Namespace, labels);
        // The server enforces AuthorizationPolicy itself (gRFC A41), in the subset of RBAC gRPC accepts.
        var (workload, options) = PolicyAuthorizationFilters.Inputs(context, read);
        var authorization = GrpcAuthorizationFilterBuilder.Build(context.Push.Config, workload, options);
        return GrpcServerListenerBuilder.Build(name, address, mtls.ModeFor(address.Port), authorization);
    }
}
