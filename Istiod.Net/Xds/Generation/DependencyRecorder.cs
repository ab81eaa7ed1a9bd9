using Istiod.Net.Push;

namespace Istiod.Net.Xds.Generation;

/// <summary>
/// Collects what one generation read. Refuses kinds the generator did not declare in
/// <see cref="IXdsGenerator.Reads"/>: the push fan-out trusts that declaration to pick the types to push.
/// </summary>
public sealed class DependencyRecorder(IXdsGenerator generator)
{
    private readonly HashSet<Dependency> _read = [];

    public void Add(Dependency dependency)
    {
        if (!generator.Reads.Contains(dependency.Kind))
        {
            throw new InvalidOperationException(
                $"{generator.GetType().Name} read {dependency} but does not declare {dependency.Kind} in Reads");
        }

        if (dependency.Kind == DependencyKind.ConfigKind && generator.ReadsConfigKinds is { } kinds && !kinds.Contains(dependency.Name))
        {
            throw new InvalidOperationException(
                $"{generator.GetType().Name} read {dependency} but does not declare {dependency.Name} in ReadsConfigKinds");
        }

        _read.Add(dependency);
    }

    public IReadOnlySet<Dependency> Read => _read;
}
