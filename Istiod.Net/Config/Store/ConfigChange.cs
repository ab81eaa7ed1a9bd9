using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Store;

/// <summary>What one accepted change did: the snapshot it produced and the keys it touched.</summary>
public sealed record ConfigChange(ConfigSnapshot Snapshot, IReadOnlySet<ConfigKey> ChangedKeys);
