using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>
/// Turns a push request (changed config keys, registry source changes) into a <see cref="ChangeSet"/>, by
/// looking at each changed object before and after. One rule per kind, in a table: a kind without a
/// rule becomes a <see cref="DependencyKind.ConfigKind"/> change that only generators reading that kind notice.
/// </summary>
public sealed class ChangeDetector
{
    private delegate IEnumerable<ChangedItem> Rule(ConfigObject config, RegistrySnapshot registry, string domain);

    private static readonly IReadOnlyDictionary<string, Rule> Rules = new Dictionary<string, Rule>(StringComparer.Ordinal)
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
        string domain)
    {
        if (request.Full)
        {
            return ChangeSet.Everything;
        }

        var items = new List<ChangedItem>();
        foreach (var key in request.ConfigKeys)
        {
            if (!Rules.TryGetValue(key.Kind, out var rule))
            {
                items.Add(new ChangedItem(DependencyKind.ConfigKind, key.Kind, Visibility.Public));
                continue;
            }

            // Both versions count: a host a VirtualService no longer names must be updated too.
            if (before.Get(key) is { } old)
            {
                items.AddRange(rule(old, registryBefore, domain));
            }

            if (after.Get(key) is { } current)
            {
                items.AddRange(rule(current, registryAfter, domain));
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

    private static IEnumerable<ChangedItem> VirtualServiceItems(ConfigObject config, RegistrySnapshot registry, string domain)
    {
        if (config.Spec is not VirtualServiceSpec spec || !VirtualServiceIndex.AppliesToMesh(spec))
        {
            yield break;
        }

        var scope = Visibility.FromExportTo(spec.ExportTo, config.Meta.Namespace);
        foreach (var host in spec.Hosts ?? [])
        {
            yield return new ChangedItem(DependencyKind.VirtualService, Hostnames.Resolve(host, config.Meta.Namespace, domain), scope);
        }
    }

    private static IEnumerable<ChangedItem> DestinationRuleItems(ConfigObject config, RegistrySnapshot registry, string domain)
    {
        if (config.Spec is not DestinationRuleSpec { Host: { Length: > 0 } host } spec)
        {
            yield break;
        }

        yield return new ChangedItem(
            DependencyKind.DestinationRule,
            Hostnames.Resolve(host, config.Meta.Namespace, domain),
            Visibility.FromExportTo(spec.ExportTo, config.Meta.Namespace));
    }

    private static IEnumerable<ChangedItem> ServiceEntryItems(ConfigObject config, RegistrySnapshot registry, string domain)
    {
        if (config.Spec is not ServiceEntrySpec spec)
        {
            yield break;
        }

        var scope = Visibility.FromExportTo(spec.ExportTo, config.Meta.Namespace);
        foreach (var host in spec.Hosts ?? [])
        {
            var resolved = Hostnames.Resolve(host, config.Meta.Namespace, domain);
            yield return new ChangedItem(DependencyKind.Service, resolved, scope);
            yield return new ChangedItem(DependencyKind.Endpoints, resolved, scope);
        }
    }

    /// <summary>
    /// A WorkloadEntry only changes the endpoints of the services that hold it (before or after the change),
    /// and only for whoever sees those services.
    /// </summary>
    private static IEnumerable<ChangedItem> WorkloadEntryItems(ConfigObject config, RegistrySnapshot registry, string domain)
    {
        foreach (var service in registry.Services)
        {
            if (service.Namespace == config.Meta.Namespace
                && registry.Instances(service.Key).Any(i => i.Origin == config.Key))
            {
                yield return new ChangedItem(DependencyKind.Endpoints, service.Hostname, service.Visibility);
            }
        }
    }
}
