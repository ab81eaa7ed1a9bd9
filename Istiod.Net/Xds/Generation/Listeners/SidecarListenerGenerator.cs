using Google.Protobuf;
using Istiod.Net.Push;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// Listeners of a stock Envoy sidecar: <c>virtualOutbound</c> and the per-port outbound listeners it hands
/// connections to, and <c>virtualInbound</c>; with INTERCEPTION_MODE NONE only listeners bound to real
/// ports. What the proxy sees comes from its Sidecar scope.
/// </summary>
public sealed class SidecarListenerGenerator : IXdsGenerator
{
    private readonly IAuthorizationFilterSource _authorization;
    private readonly ILogger _logger;
    private readonly GeneratedListeners _generated = new();

    public SidecarListenerGenerator(IAuthorizationFilterSource? authorization = null, ILogger? logger = null)
    {
        _authorization = authorization ?? NoAuthorizationFilters.Instance;
        _logger = logger ?? NullLogger.Instance;
        var reads = new HashSet<DependencyKind>
        {
            DependencyKind.Service, DependencyKind.Endpoints, DependencyKind.VirtualService, DependencyKind.ConfigKind,
        };
        reads.UnionWith(_authorization.Reads);
        Reads = reads;
    }

    public string TypeUrl => XdsTypeUrls.Listener;

    public IReadOnlySet<DependencyKind> Reads { get; }

    public IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read) => All(context, read).Keys;

    public IMessage? Generate(GenerationContext context, string name, DependencyRecorder read) => All(context, read).GetValueOrDefault(name);

    private IReadOnlyDictionary<string, global::Envoy.Config.Listener.V3.Listener> All(GenerationContext context, DependencyRecorder read) =>
        _generated.For(context, read, recorder => Build(context, recorder), this);

    private IEnumerable<global::Envoy.Config.Listener.V3.Listener> Build(GenerationContext context, DependencyRecorder read)
    {
        read.Add(Dependency.Config(SidecarScope.Kind));
        var scope = SidecarScope.For(context.Push, context.Namespace, context.Workload?.Labels ?? new Dictionary<string, string>());
        var listeners = new SidecarOutboundListeners(context, scope, read, _logger).Build().ToList();
        var names = listeners.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var inbound in new SidecarInboundListener(context, scope, _authorization, read).Build())
        {
            // Envoy refuses two listeners of one name; the outbound one was there first.
            if (!names.Add(inbound.Name))
            {
                Log.InboundNameTaken(_logger, inbound.Name, context.View.ToString());
                continue;
            }

            listeners.Add(inbound);
        }

        return listeners;
    }
}
