namespace Istiod.Net.Load.Clients;

/// <summary>
/// What a client needs from one received resource: its name, the names of the resources of the next type it
/// points to (listener → route configurations → clusters → endpoint assignments), and, for a route
/// configuration, the weight of every cluster in a weighted split.
/// </summary>
public sealed record ResourceRefs(string Name, IReadOnlyList<string> References, IReadOnlyDictionary<string, uint> Weights)
{
    public static readonly IReadOnlyDictionary<string, uint> NoWeights = new Dictionary<string, uint>();
}
