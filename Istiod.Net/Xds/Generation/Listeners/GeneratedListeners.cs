using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Envoy.Config.Listener.V3;
using Istiod.Net.Push;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// Envoy listeners are built together (each depends on what the others claim), but fetched one name at a
/// time: this keeps the whole set per push context and view, with what building it read, so a wildcard
/// fetch builds it once rather than once per listener. Entries go with their push context.
/// </summary>
public sealed class GeneratedListeners
{
    private readonly ConditionalWeakTable<PushContext, ConcurrentDictionary<ProxyView, Built>> _byContext = new();

    public IReadOnlyDictionary<string, Listener> For(GenerationContext context, DependencyRecorder read, Func<DependencyRecorder, IEnumerable<Listener>> build, IXdsGenerator generator)
    {
        var views = _byContext.GetValue(context.Push, _ => new ConcurrentDictionary<ProxyView, Built>());
        var built = views.GetOrAdd(context.View, _ =>
        {
            var recorder = new DependencyRecorder(generator);
            var listeners = new Dictionary<string, Listener>(StringComparer.Ordinal);
            foreach (var listener in build(recorder))
            {
                listeners.TryAdd(listener.Name, listener);
            }

            return new Built(listeners, recorder.Read.ToArray());
        });

        foreach (var dependency in built.Read)
        {
            read.Add(dependency);
        }

        return built.Listeners;
    }

    private sealed record Built(IReadOnlyDictionary<string, Listener> Listeners, IReadOnlyList<Dependency> Read);
}
