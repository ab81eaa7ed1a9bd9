using Istiod.Net.Config.Model;

namespace Istiod.Net.Registry;

/// <summary>
/// One endpoint of one service port: where traffic for <see cref="ServicePort"/> of the service goes
/// (<see cref="Address"/>:<see cref="Port"/>), with what subsets and load balancing look at.
/// </summary>
public sealed record ServiceInstance
{
    public required ServiceKey Service { get; init; }
    public required ServicePort ServicePort { get; init; }

    /// <summary>An IP address, or a host name for DNS-resolved services.</summary>
    public required string Address { get; init; }

    /// <summary>The port the workload listens on (after the endpoint's ports map and targetPort).</summary>
    public required uint Port { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyLabels;

    /// <summary>"region/zone/subzone", any part may be empty.</summary>
    public string Locality { get; init; } = "";

    /// <summary>Relative load balancing weight, at least 1.</summary>
    public uint Weight { get; init; } = 1;

    public string? ServiceAccount { get; init; }
    public string? Network { get; init; }

    /// <summary>
    /// False for an endpoint the platform says is not ready (a Kubernetes EndpointSlice condition): it stays
    /// known, so a proxy can be told it is unhealthy rather than have it vanish and reappear.
    /// </summary>
    public bool Ready { get; init; } = true;

    /// <summary>The config that produced the endpoint (the ServiceEntry or the WorkloadEntry).</summary>
    public ConfigKey? Origin { get; init; }

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();
}
