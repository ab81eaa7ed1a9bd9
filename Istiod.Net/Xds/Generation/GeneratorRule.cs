namespace Istiod.Net.Xds.Generation;

/// <summary>One row of the generator table: proxies that match get the set.</summary>
public sealed record GeneratorRule(string Description, Func<Proxy, bool> Matches, GeneratorSet Set);
