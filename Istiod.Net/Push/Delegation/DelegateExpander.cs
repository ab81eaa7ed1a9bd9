using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Registry;

namespace Istiod.Net.Push.Delegation;

/// <summary>
/// Replaces each delegating rule of a root VirtualService by the delegate's rules, matches joined with the
/// root's (<see cref="HttpMatchMerger"/>) and the root's route settings (rewrite, timeout, retries, fault,
/// mirror, CORS, headers) filling what the delegate leaves unset. One level only: a delegate's own
/// delegations are ignored, as are delegates that are missing, have hosts of their own or are not exported
/// to the root's namespace.
/// </summary>
public static class DelegateExpander
{
    public static IReadOnlyList<ScopedHttpRoute> Expand(ConfigObject root, VirtualServiceSpec spec, ConfigSnapshot config)
    {
        var result = new List<ScopedHttpRoute>();
        var rootNamespace = root.Meta.Namespace;
        foreach (var rule in spec.Http ?? [])
        {
            if (rule.Delegate is not { Name: { Length: > 0 } name } reference)
            {
                result.Add(new ScopedHttpRoute(rule, rootNamespace, rootNamespace));
                continue;
            }

            var delegateNamespace = reference.Namespace is { Length: > 0 } ns ? ns : rootNamespace;
            if (config.Get(new ConfigKey(ConfigKinds.VirtualService, delegateNamespace, name)) is not { Spec: VirtualServiceSpec delegated }
                || delegated.Hosts is { Count: > 0 }
                || !Visibility.FromExportTo(delegated.ExportTo, delegateNamespace).IsVisibleTo(rootNamespace))
            {
                continue;
            }

            foreach (var child in delegated.Http ?? [])
            {
                if (child.Delegate is not null)
                {
                    continue;
                }

                foreach (var merged in Merge(rule, child))
                {
                    result.Add(new ScopedHttpRoute(merged, delegateNamespace, rootNamespace));
                }
            }
        }

        return result;
    }

    private static readonly IReadOnlyList<HttpMatchRequest?> NoMatch = [null];

    private static IEnumerable<HttpRoute> Merge(HttpRoute root, HttpRoute child)
    {
        IReadOnlyList<HttpMatchRequest?> rootMatches = root.Match is { Count: > 0 } r ? r : NoMatch;
        IReadOnlyList<HttpMatchRequest?> childMatches = child.Match is { Count: > 0 } c ? c : NoMatch;
        var matches = new List<HttpMatchRequest>();
        var catchAll = false;
        foreach (var rootMatch in rootMatches)
        {
            foreach (var childMatch in childMatches)
            {
                var merged = HttpMatchMerger.Merge(rootMatch, childMatch, out var conflict);
                if (conflict)
                {
                    continue;
                }

                if (merged is null)
                {
                    catchAll = true;
                }
                else
                {
                    matches.Add(merged);
                }
            }
        }

        if (matches.Count == 0 && !catchAll)
        {
            yield break;
        }

        yield return child with
        {
            Name = root.Name is { Length: > 0 } rootName && child.Name is { Length: > 0 } childName ? $"{rootName}-{childName}" : child.Name ?? root.Name,
            Match = catchAll ? null : matches,
            Rewrite = child.Rewrite ?? root.Rewrite,
            Timeout = child.Timeout ?? root.Timeout,
            Retries = child.Retries ?? root.Retries,
            Fault = child.Fault ?? root.Fault,
            Mirror = child.Mirror ?? root.Mirror,
            MirrorPercentage = child.MirrorPercentage ?? root.MirrorPercentage,
            MirrorPercent = child.MirrorPercent ?? root.MirrorPercent,
            Mirrors = child.Mirrors ?? root.Mirrors,
            CorsPolicy = child.CorsPolicy ?? root.CorsPolicy,
            Headers = child.Headers ?? root.Headers,
        };
    }
}
