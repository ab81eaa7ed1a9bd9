namespace Istiod.Net.Tests.Infrastructure;

/// <summary>What an <see cref="AdsTestClient"/> knows of one type URL. Guarded by the client's lock.</summary>
internal sealed class AdsTestTypeState
{
    public SortedSet<string> Subscribed { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, AdsTestResource> Resources { get; } = new(StringComparer.Ordinal);

    /// <summary>The newest response of the type; an ACK or NACK must carry its nonce.</summary>
    public AdsTestResponse? Last { get; set; }

    /// <summary>The version last ACKed (SotW sends it again with a NACK).</summary>
    public string AckedVersion { get; set; } = "";
}
