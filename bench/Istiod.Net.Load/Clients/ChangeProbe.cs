namespace Istiod.Net.Load.Clients;

/// <summary>
/// A config change clients watch for: route configuration <see cref="RouteName"/> whose split gives
/// <see cref="ClusterName"/> the weight <see cref="Weight"/>. Only the new config can hold that weight,
/// so a client that ACKs it has the new version.
/// </summary>
public sealed class ChangeProbe(int id, string routeName, string clusterName, uint weight)
{
    private int _acked;

    /// <summary>Index of the change in the run, 0-based; also the slot in each client's record.</summary>
    public int Id { get; } = id;

    public string RouteName { get; } = routeName;

    public string ClusterName { get; } = clusterName;

    public uint Weight { get; } = weight;

    /// <summary>How many clients have ACKed the new version so far.</summary>
    public int Acked => Volatile.Read(ref _acked);

    public bool IsSatisfiedBy(ResourceRefs routes) =>
        routes.Name == RouteName && routes.Weights.TryGetValue(ClusterName, out var weight) && weight == Weight;

    internal void CountAck() => Interlocked.Increment(ref _acked);
}
