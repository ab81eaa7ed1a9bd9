using Google.Protobuf;
using Istiod.Net.Push;
using Istiod.Net.Xds.Generation;

namespace Istiod.Net.Tests.Push.Differential;

/// <summary>
/// A generator that forgets to report some of what it read: it runs the real one against a recorder of its
/// own and passes on everything but the dropped dependencies. Stands in for a forgotten <c>read.Add</c>, to show
/// the differential test notices one; product code stays as it is.
/// </summary>
public sealed class DependencyDroppingGenerator(IXdsGenerator inner, Func<Dependency, bool> drop) : IXdsGenerator
{
    public string TypeUrl => inner.TypeUrl;

    public IReadOnlySet<DependencyKind> Reads => inner.Reads;

    public IReadOnlySet<string>? ReadsConfigKinds => inner.ReadsConfigKinds;

    public WorkloadFacets WorkloadFacetsFor(string name) => inner.WorkloadFacetsFor(name);

    public IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read)
    {
        var own = new DependencyRecorder(inner);
        var names = inner.ListNames(context, own).ToList();
        Forward(own, read);
        return names;
    }

    public IMessage? Generate(GenerationContext context, string name, DependencyRecorder read)
    {
        var own = new DependencyRecorder(inner);
        var message = inner.Generate(context, name, own);
        Forward(own, read);
        return message;
    }

    /// <summary>The default table with every generator of <paramref name="typeUrl"/> wrapped to drop <paramref name="drop"/>.</summary>
    public static GeneratorTable Wrap(GeneratorTable table, string typeUrl, Func<Dependency, bool> drop) =>
        new(table.Rules.Select(rule => rule with
        {
            Set = new GeneratorSet(
                rule.Set.Name,
                rule.Set.Generators.Select(g => g.TypeUrl == typeUrl ? new DependencyDroppingGenerator(g, drop) : g),
                rule.Set.Scope),
        }).ToList());

    private void Forward(DependencyRecorder own, DependencyRecorder read)
    {
        foreach (var dependency in own.Read.Where(d => !drop(d)))
        {
            read.Add(dependency);
        }
    }
}
