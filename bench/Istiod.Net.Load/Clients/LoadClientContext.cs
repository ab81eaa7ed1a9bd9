using Grpc.Net.Client;

namespace Istiod.Net.Load.Clients;

/// <summary>What every simulated client of a run shares: the connection it streams on and the run's bookkeeping.</summary>
public sealed record LoadClientContext(
    GrpcChannel Channel,
    ResourceRefsCache Cache,
    TrafficCounters Counters,
    ChangeBoard Changes);
