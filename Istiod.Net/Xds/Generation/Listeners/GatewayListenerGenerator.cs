using Google.Protobuf;
using Istiod.Net.Push;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>Listeners of a stock Envoy gateway (node type router), one per port of its Gateways' servers.</summary>
public sealed class GatewayListenerGenerator : IXdsGenerator
{
    private readonly IAuthorizationFilterSource _authorization;
    private readonly ILogger _logger;
    private readonly GeneratedListeners _generated = new();

    public GatewayListenerGenerator(IAuthorizationFilterSource? authorization = null, ILogger? logger = null)
    {
        _authorization = authorization ?? NoAuthorizationFilters.Instance;
        _logger = logger ?? NullLogger.Instance;
        var reads = new HashSet<DependencyKind> { DependencyKind.Service, DependencyKind.VirtualService, DependencyKind.ConfigKind };
        reads.UnionWith(_authorization.Reads);
        Reads = reads;
    }

    public string TypeUrl => XdsTypeUrls.Listener;

    public IReadOnlySet<DependencyKind> Reads { get; }

    public IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read) => All(context, read).Keys;

    public IMessage? Generate(GenerationContext context, string name, DependencyRecorder read) => All(context, read).GetValueOrDefault(name);

    private IReadOnlyDictionary<string, global::Envoy.Config.Listener.V3.Listener> All(GenerationContext context, DependencyRecorder read) =>
        _generated.For(context, read, recorder => new GatewayListeners(context, _authorization, recorder, _logger).Build().ToList(), this);
}
