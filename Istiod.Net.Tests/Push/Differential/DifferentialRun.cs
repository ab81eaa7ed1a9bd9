using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Generation.Listeners;
using Istiod.Net.Xds.Protocol;
using Istiod.Net.Xds.Validation;

namespace Istiod.Net.Tests.Push.Differential;

/// <summary>
/// One seed of the differential test: a base mesh, then random edits pushed incrementally through one
/// provider and cache (the change detector decides what the cache keeps); after each edit every proxy's
/// resources of every type must equal, byte for byte, those of a fresh provider with an empty cache built
/// from the same configs. The validate.rules gate is off on both sides: with it, a rejected resource is
/// served at its last good version by the long-lived provider only, a difference that is not staleness.
/// </summary>
public static class DifferentialRun
{
    private static readonly string[] Types = [XdsTypeUrls.Listener, XdsTypeUrls.Route, XdsTypeUrls.Cluster, XdsTypeUrls.Endpoint];

    /// <summary>Listener names proxyless clients would ask for: every host and port of the pools, and server listeners.</summary>
    private static readonly string[] ProxylessListenerNames =
        new[] { "reviews.ns-a.svc.cluster.local", "ratings.ns-a.svc.cluster.local", "web.ns-b.svc.cluster.local", "ext.example.com" }
            .SelectMany(h => new[] { 80, 9080, 7070, 3306 }.Select(p => $"{h}:{p}"))
            .Concat(new[] { 9080, 7070 }.Select(p => $"{GrpcServerListenerName.IstioPrefix}10.1.0.2:{p}"))
            .ToArray();

    public static GeneratorTable ProductionTable() => GeneratorTable.Default(authorization: new PolicyAuthorizationFilters());

    /// <summary>The first difference, described (seed, edit, proxy, type, name), or null when every edit matched.</summary>
    public static string? FirstMismatch(int seed, int edits, GeneratorTable incrementalTable)
    {
        var generator = new MeshEditGenerator(seed);
        using var incremental = new GenerationHarness(generator.BaseMesh(), incrementalTable, new DisabledRulesChecker());
        var proxies = DifferentialProxies.All.Select(p => (p.Description, Proxy: (Proxy)incremental.Provider.Connect(p.Node, GenerationHarness.Connection()))).ToList();
        var description = "base mesh";
        for (var index = 0; index <= edits; index++)
        {
            if (index > 0)
            {
                var edit = generator.Next();
                description = edit.Description;
                incremental.Change(edit.Upsert is { } upsert ? [upsert] : [], edit.Delete is { } delete ? [delete] : null);
            }

            using var fresh = new GenerationHarness(incremental.Configs.Values, ProductionTable(), new DisabledRulesChecker());
            for (var p = 0; p < proxies.Count; p++)
            {
                var freshProxy = (Proxy)fresh.Provider.Connect(DifferentialProxies.All[p].Node, GenerationHarness.Connection());
                if (Compare(incremental.Provider, proxies[p].Proxy, fresh.Provider, freshProxy) is { } difference)
                {
                    return $"seed {seed}, edit {index} ({description.TrimEnd()}), proxy '{proxies[p].Description}': {difference}";
                }
            }
        }

        return null;
    }

    private static string? Compare(XdsResourceProvider incremental, Proxy incrementalProxy, XdsResourceProvider fresh, Proxy freshProxy)
    {
        var referenced = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in Types)
        {
            // Wildcard first (what LDS and CDS subscribers get), then the names the other types' resources point at.
            var names = new HashSet<string>(referenced.GetValueOrDefault(type) ?? [], StringComparer.Ordinal);
            if (type == XdsTypeUrls.Listener && freshProxy.IsProxyless)
            {
                names.UnionWith(ProxylessListenerNames);
            }

            foreach (var request in new[] { null, names })
            {
                if (request is { Count: 0 })
                {
                    continue;
                }

                var want = fresh.Generate(freshProxy, type, request).Resources;
                var got = incremental.Generate(incrementalProxy, type, request).Resources;
                if (Difference(type, request is null, want, got) is { } difference)
                {
                    return difference;
                }

                foreach (var (refType, refNames) in ResourceReferences.Collect(want.Concat(got)))
                {
                    if (!referenced.TryGetValue(refType, out var set))
                    {
                        referenced[refType] = set = new HashSet<string>(StringComparer.Ordinal);
                    }

                    set.UnionWith(refNames);
                }
            }
        }

        return null;
    }

    private static string? Difference(string type, bool wildcard, IReadOnlyList<XdsResource> want, IReadOnlyList<XdsResource> got)
    {
        var label = $"{XdsTypeUrls.ShortName(type)} ({(wildcard ? "wildcard" : "by name")})";
        var wanted = want.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var gotten = got.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var name in wanted.Keys.Union(gotten.Keys).Order(StringComparer.Ordinal))
        {
            var a = wanted.GetValueOrDefault(name);
            var b = gotten.GetValueOrDefault(name);
            if (a is null || b is null)
            {
                return $"{label} resource '{name}' is {(a is null ? "served by the incremental push but not by a full generation" : "missing from the incremental push")}";
            }

            if (a.Resource.TypeUrl != b.Resource.TypeUrl || !a.Resource.Value.Span.SequenceEqual(b.Resource.Value.Span))
            {
                return $"{label} resource '{name}' differs: full generation {a.Resource.Value.Length} bytes, incremental {b.Resource.Value.Length} bytes (stale cache entry)";
            }
        }

        return null;
    }
}
