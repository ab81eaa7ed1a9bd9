namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>A route destination as a cluster: <c>outbound|port|subset|host</c> and its parts.</summary>
public sealed record ResolvedDestination(string Cluster, string Host, string Subset, uint Port);
