namespace Istiod.Net.Load.Clients;

/// <summary>Names a client starts or stops wanting of one type, after following new references.</summary>
public sealed record SubscriptionChange(string TypeUrl, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);
