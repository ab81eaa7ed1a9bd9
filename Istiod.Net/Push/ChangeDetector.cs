using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>
/// Turns a push request (changed config keys, registry source changes) into a <see cref="ChangeSet"/>, by
/// looking at each changed object before and after. One rule per kind, in a table: a kind without a
/// rule becomes a <see cref="DependencyKind.ConfigKind"/> change that only generators reading that kind notice.
/// </summary>
public static class ChangeDetector
{
    /// <summary>The two sides of one changed object; either config may be null (created, deleted).</summary>
    private sealed record Sides(
        ConfigKey Key, ConfigObject? Before, ConfigObject? After,
        RegistrySnapshot RegistryBefore, RegistrySnapshot RegistryAfter,
        IServiceOrigins OriginsBefore, IServiceOrigins OriginsAfter, string Domain)
    {
        public IEnumerable<ConfigObject> Both => new[] { Before, After }.OfType<ConfigObject>();
    }

    private static readonly IReadOnlyDictionary<string, Func<Sides, IEnumerable<ChangedItem>>> Rules =
        new Dictionary<string, Func<Sides, IEnumerable<ChangedItem>>>(StringComparer.Ordinal)
        {
            [ConfigKinds.VirtualService] = VirtualServiceItems,
            [ConfigKinds.DestinationRule] = DestinationRuleItems,
            [ConfigKinds.ServiceEntry] = ServiceEntryItems,
            [ConfigKinds.WorkloadEntry] = WorkloadEntryItems,
        };

    public static ChangeSet Detect(
        PushRequest request,
        ConfigSnapshot before, RegistrySnapshot registryBefore,
        ConfigSnapshot after, RegistrySnapshot registryAfter,
        string domain) =>
        Detect(request, before, registryBefore, after, registryAfter, domain, registry => new ServiceOriginIndex(registry));

    /// <summary>
    /// <paramref name="origins"/> answers which services a config object is behind; called once per side, so
    /// the index it builds serves every changed key of the request.
    /// </summary>
    internal static ChangeSet Detect(
        PushRequest request,
        ConfigSnapshot before, RegistrySnapshot registryBefore,
        ConfigSnapshot after, RegistrySnapshot registryAfter,
        string domain, Func<RegistrySnapshot, IServiceOrigins> origins)
    {
        if (request.Full)
        {
            return ChangeSet.Everything;
        }

        var originsBefore = origins(registryBefore);
        var originsAfter = origins(registryAfter);
        var items = new List<ChangedItem>();
        foreach (var key in request.ConfigKeys)
        {
            if (Rules.TryGetValue(key.Kind, out var rule))
            {
                items.AddRange(rule(new Sides(key, before.Get(key), after.Get(key), registryBefore, registryAfter, originsBefore, originsAfter, domain)));
            }
            else
            {
                items.Add(new ChangedItem(DependencyKind.ConfigKind, key.Kind, Visibility.Public));
            }
        }

        foreach (var change in request.RegistryChanges)
        {
            foreach (var host in change.Hostnames)
            {
                items.Add(new ChangedItem(DependencyKind.Endpoints, host, Visibility.Public));
                if (!change.EndpointsOnly)
                {
                    items.Add(new ChangedItem(DependencyKind.Service, host, Visibility.Public));
                }
            }
        }

        return ChangeSet.Of(items);
    }

    /// <summary>
    /// Both versions count: a host a VirtualService no longer names must be updated too. Gateway-bound ones
    /// count like mesh ones (gateway routes read them by host); a VirtualService without hosts is a delegate,
    /// which any root may pull in, so it changes the VirtualService kind as a whole.
    /// </summary>
    private static IEnumerable<ChangedItem> VirtualServiceItems(Sides sides)
    {
        foreach (var config in sides.Both)
        {
            if (config.Spec is not VirtualServiceSpec spec)
            {
                continue;
            }

            var scope = Visibility.FromExportTo(spec.ExportTo, config.Meta.Namespace);
            if (spec.Hosts is not { Count: > 0 })
            {
                yield return new ChangedItem(DependencyKind.ConfigKind, ConfigKinds.VirtualService, Visibility.Public);
            }

            foreach (var host in (spec.Hosts ?? []).Select(h => Hostnames.Resolve(h, config.Meta.Namespace, sides.Domain)))
            {
                yield return new ChangedItem(DependencyKind.VirtualService, host, scope);
                // A host that is a service everyone sees on both sides only reaches readers of that host; any
                // other one may become a virtual host of its own on every port of the sidecars that see it (a
                // service exported to some namespaces is, for the others, a host without a service).
                if (VirtualServiceIndex.AppliesToMesh(spec)
                    && (!SeenByEveryone(sides.RegistryBefore, host) || !SeenByEveryone(sides.RegistryAfter, host)))
                {
                    yield return new ChangedItem(DependencyKind.VirtualService, Dependency.HostWithoutService, scope);
                }
            }
        }
    }

    private static bool SeenByEveryone(RegistrySnapshot registry, string host) =>
        registry.ServicesFor(host).Any(s => s.Visibility.IsPublic);

    private static IEnumerable<ChangedItem> DestinationRuleItems(Sides sides)
    {
        foreach (var config in sides.Both)
        {
            if (config.Spec is DestinationRuleSpec { Host: { Length: > 0 } host } spec)
            {
                yield return new ChangedItem(
                    DependencyKind.DestinationRule,
                    Hostnames.Resolve(host, config.Meta.Namespace, sides.Domain),
                    Visibility.FromExportTo(spec.ExportTo, config.Meta.Namespace));
            }
        }
    }

    /// <summary>
    /// The services the entry defined before and after. A host whose definition (ports, addresses,
    /// visibility...) stayed the same only changed endpoints: listeners, routes and clusters stay cached.
    /// </summary>
    private static IEnumerable<ChangedItem> ServiceEntryItems(Sides sides)
    {
        var before = DefinedBy(sides.OriginsBefore, sides.Key);
        var after = DefinedBy(sides.OriginsAfter, sides.Key);
        foreach (var host in before.Keys.Union(after.Keys))
        {
            var old = before.GetValueOrDefault(host);
            var current = after.GetValueOrDefault(host);
            var definitionChanged = old is null || current is null || !old.SameDefinition(current)
                || !SameServiceAccounts(sides.RegistryBefore, old, sides.RegistryAfter, current);
            // The host's definitions in the registry on both sides count too: an entry that starts or stops
            // winning the host replaces another entry's service, seen by other namespaces than its own.
            var services = new[] { old, current }.OfType<Service>()
                .Concat(sides.RegistryBefore.ServicesFor(host)).Concat(sides.RegistryAfter.ServicesFor(host));
            foreach (var service in services)
            {
                yield return new ChangedItem(DependencyKind.Endpoints, host, service.Visibility);
                if (definitionChanged)
                {
                    yield return new ChangedItem(DependencyKind.Service, host, service.Visibility);
                }
            }
        }

        // An entry that lost to an older definition of its hosts contributes nothing; its config still
        // names hosts, and a reader of those hosts must notice when it starts or stops losing.
        foreach (var config in sides.Both)
        {
            if (config.Spec is ServiceEntrySpec spec)
            {
                foreach (var host in (spec.Hosts ?? []).Select(h => Hostnames.Resolve(h, config.Meta.Namespace, sides.Domain)))
                {
                    if (!before.ContainsKey(host) && !after.ContainsKey(host))
                    {
                        var scope = Visibility.FromExportTo(spec.ExportTo, config.Meta.Namespace);
                        yield return new ChangedItem(DependencyKind.Service, host, scope);
                        yield return new ChangedItem(DependencyKind.Endpoints, host, scope);
                    }
                }
            }
        }
    }

    /// <summary>
    /// A WorkloadEntry only changes the endpoints of the services that hold it (before or after the change),
    /// and only for whoever sees those services; the service too when the identities its endpoints run as
    /// changed, since clusters verify those.
    /// </summary>
    private static IEnumerable<ChangedItem> WorkloadEntryItems(Sides sides)
    {
        foreach (var origins in new[] { sides.OriginsBefore, sides.OriginsAfter })
        {
            foreach (var service in origins.HoldingInstancesOf(sides.Key))
            {
                if (service.Namespace == sides.Key.Namespace)
                {
                    yield return new ChangedItem(DependencyKind.Endpoints, service.Hostname, service.Visibility);
                    if (!SameServiceAccounts(sides.RegistryBefore, service, sides.RegistryAfter, service))
                    {
                        yield return new ChangedItem(DependencyKind.Service, service.Hostname, service.Visibility);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether a service's endpoints run as the same service accounts before and after: outbound clusters name
    /// them as the SANs mesh mTLS accepts, so only a change of that set (not endpoint churn) touches them.
    /// </summary>
    private static bool SameServiceAccounts(RegistrySnapshot before, Service old, RegistrySnapshot after, Service current) =>
        ServiceAccounts(before, old).SetEquals(ServiceAccounts(after, current));

    private static HashSet<string> ServiceAccounts(RegistrySnapshot registry, Service service) =>
        registry.Instances(service.Key).Select(i => i.ServiceAccount ?? "").ToHashSet(StringComparer.Ordinal);

    private static Dictionary<string, Service> DefinedBy(IServiceOrigins origins, ConfigKey key) =>
        origins.DefinedBy(key).ToDictionary(s => s.Hostname, StringComparer.Ordinal);
}
