using Istiod.Net.Config.Store;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>Builds a push context from a config snapshot and the registry sources.</summary>
public sealed class PushContextBuilder(IEnumerable<IServiceRegistrySource> sources, PushOptions options, TimeProvider time)
{
    private readonly IReadOnlyList<IServiceRegistrySource> _sources = sources.ToArray();

    public IReadOnlyList<IServiceRegistrySource> Sources => _sources;

    /// <summary>
    /// The next context after <paramref name="previous"/> (null for the first, which counts as a change of
    /// everything), with the change set between the two.
    /// </summary>
    public PushContext Build(ConfigSnapshot config, PushRequest request, PushContext? previous)
    {
        var registry = BuildRegistry(config);
        var changes = previous is null
            ? ChangeSet.Everything
            : ChangeDetector.Detect(request, previous.Config, previous.Registry, config, registry, options.DnsDomain);
        return new PushContext
        {
            Sequence = (previous?.Sequence ?? 0) + 1,
            Config = config,
            Registry = registry,
            VirtualServices = VirtualServiceIndex.Build(config, options.DnsDomain),
            DestinationRules = DestinationRuleIndex.Build(config, options.DnsDomain),
            Changes = changes,
            Request = request,
            BuiltAt = time.GetUtcNow(),
            DnsDomain = options.DnsDomain,
            Mesh = options.Mesh,
        };
    }

    public RegistrySnapshot BuildRegistry(ConfigSnapshot config)
    {
        var builder = new RegistryBuilder();
        foreach (var source in _sources)
        {
            source.Contribute(config, builder);
        }

        return builder.Build();
    }
}
