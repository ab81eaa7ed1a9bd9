using System.Text.Json.Nodes;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>What a batch of RPCs did: how many reached each backend and how many ended with each status.</summary>
public sealed record E2eBatchResult(
    int Rpcs,
    IReadOnlyDictionary<string, int> Backends,
    IReadOnlyDictionary<string, int> Statuses,
    IReadOnlyList<string> Errors,
    double ElapsedMs)
{
    /// <summary>Successful RPCs by the client identity (SPIFFE id) the backend saw; "" for plaintext connections.</summary>
    public IReadOnlyDictionary<string, int> Peers { get; init; } = new Dictionary<string, int>();


    public int Ok => Statuses.GetValueOrDefault("OK");

    public int CountOf(string backend) => Backends.GetValueOrDefault(backend);

    /// <summary>True when every RPC succeeded and reached <paramref name="backend"/>.</summary>
    public bool AllReached(string backend) => Rpcs > 0 && Ok == Rpcs && CountOf(backend) == Rpcs;

    public override string ToString() =>
        $"{Rpcs} RPCs in {ElapsedMs:0} ms; backends {{{Join(Backends)}}}; statuses {{{Join(Statuses)}}}" +
        (Peers.Keys.Any(k => k.Length > 0) ? $"; peers {{{Join(Peers)}}}" : "") +
        (Errors.Count > 0 ? $"; errors: {string.Join(" | ", Errors)}" : "");

    /// <summary>How many RPCs ended with the gRPC status <paramref name="status"/> (its canonical name, e.g. "UNAVAILABLE").</summary>
    public int StatusCount(string status) => Statuses.GetValueOrDefault(status);

    public static E2eBatchResult FromJson(JsonObject json) => new(
        json["rpcs"]!.GetValue<int>(),
        Counts(json["backends"]),
        Counts(json["statuses"]),
        json["errors"]?.AsArray().Select(e => e!.GetValue<string>()).ToArray() ?? [],
        json["elapsedMs"]!.GetValue<double>())
    {
        Peers = Counts(json["peers"]),
    };

    private static Dictionary<string, int> Counts(JsonNode? node) =>
        node?.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<int>()) ?? [];

    private static string Join(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}"));
}
