using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>A config store tests fill directly; every <see cref="Apply"/> is one accepted change.</summary>
public sealed class FakeConfigStore : IConfigStore
{
    private readonly Dictionary<ConfigKey, ConfigObject> _objects = [];

    public ConfigSnapshot Current { get; private set; } = ConfigSnapshot.Empty;

    public IReadOnlyList<ConfigRejection> Rejections => [];

    public event Action<ConfigChange>? Changed;

    public FakeConfigStore(params IEnumerable<ConfigObject> initial)
    {
        foreach (var config in initial)
        {
            _objects[config.Key] = config;
        }

        Current = new ConfigSnapshot(1, _objects.Values);
    }

    /// <summary>Adds or replaces objects and deletes keys, then raises <see cref="Changed"/> once.</summary>
    public ConfigChange Apply(IEnumerable<ConfigObject> upserts, IEnumerable<ConfigKey>? deletes = null)
    {
        var changed = new HashSet<ConfigKey>();
        foreach (var config in upserts)
        {
            _objects[config.Key] = config;
            changed.Add(config.Key);
        }

        foreach (var key in deletes ?? [])
        {
            _objects.Remove(key);
            changed.Add(key);
        }

        Current = new ConfigSnapshot(Current.Version + 1, _objects.Values);
        var change = new ConfigChange(Current, changed);
        Changed?.Invoke(change);
        return change;
    }

    public ConfigChange Apply(params ConfigObject[] upserts) => Apply(upserts, null);
}
