using Istiod.Net.Push;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Xds.Generation;

/// <summary>
/// Narrows a push to what a change can alter, from the generators' own declarations: a type is pushed
/// only if its generator reads a changed kind; a proxy only if the change is visible in its namespace and
/// touches something its latest generations read.
/// </summary>
public static class PushScope
{
    /// <summary>The push for <paramref name="context"/>, or null when no proxy can be affected.</summary>
    public static XdsPush? For(PushContext context, GeneratorTable table)
    {
        var changes = context.Changes;
        if (changes.IsEmpty)
        {
            return null;
        }

        if (changes.IsEverything)
        {
            return new XdsPush(context.Version, context.Request.ReasonText) { TriggeredAt = context.Request.TriggeredAt };
        }

        var types = table.Sets
            .SelectMany(s => s.Generators)
            .Where(g => Reads(g, changes))
            .Select(g => g.TypeUrl)
            .ToHashSet(StringComparer.Ordinal);
        if (types.Count == 0)
        {
            return null;
        }

        return new XdsPush(
            context.Version,
            context.Request.ReasonText,
            types,
            proxy => proxy is not Proxy known || known.IsAffectedBy(changes, types))
        {
            TypesFor = proxy => proxy is Proxy known ? known.TypesAffectedBy(changes, types) : null,
            TriggeredAt = context.Request.TriggeredAt,
        };
    }

    private static bool Reads(IXdsGenerator generator, ChangeSet changes)
    {
        if (generator.Reads.Any(kind => kind != DependencyKind.ConfigKind && changes.Kinds.Contains(kind)))
        {
            return true;
        }

        if (!generator.Reads.Contains(DependencyKind.ConfigKind) || !changes.Kinds.Contains(DependencyKind.ConfigKind))
        {
            return false;
        }

        return generator.ReadsConfigKinds is not { } kinds
            || changes.Items.Any(i => i.Kind == DependencyKind.ConfigKind && kinds.Contains(i.Name));
    }
}
