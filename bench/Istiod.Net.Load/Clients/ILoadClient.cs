namespace Istiod.Net.Load.Clients;

/// <summary>One simulated proxyless gRPC client on one ADS stream.</summary>
public interface ILoadClient
{
    ClientRecord Record { get; }

    /// <summary>
    /// Streams until <paramref name="stop"/> fires or the stream fails; never throws for either (the record
    /// says how it ended).
    /// </summary>
    Task RunAsync(CancellationToken stop);
}
