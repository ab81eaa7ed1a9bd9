using Istiod.Net.Registry;

namespace Istiod.Net.Xds.Generation.Endpoints;

/// <summary>The endpoints of one locality at one priority, with the weight the locality gets.</summary>
public sealed record LocalityGroup(string Locality, uint Priority, uint Weight, IReadOnlyList<ServiceInstance> Instances);
