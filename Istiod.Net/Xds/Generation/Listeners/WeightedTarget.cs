namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>A cluster a TCP or TLS route sends a share of connections to.</summary>
public sealed record WeightedTarget(string Cluster, uint Weight);
