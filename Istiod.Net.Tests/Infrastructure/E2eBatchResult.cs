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
    public int Ok => Statuses.GetValueOrDefault("OK");

    public int CountOf(string backend) => Backends.GetValueOrDefault(backend);

    /// <summary>True when every RPC succeeded and reached <paramref name="backend"/>.</summary>
    public bool AllReached(string backend) => Rpcs > 0 && Ok == Rpcs && CountOf(backend) == Rpcs;

    public override string ToString() =>
        $"{Rpcs} RPCs in {ElapsedMs:0} ms; backends {{{Join(Backends)}}}; statuses {{{Join(Statuses)}}}" +
        (Errors.Count > 0 ? $"; errors: {string.Join(" | ", Errors)}" : "");

    public static E2eBatchResult FromJson(JsonObject json) => new(
        json["rpcs"]!.GetValue<int>(),
        Counts(json["backends"]),
        Counts(json["statuses"]),
        json["errors"]?.AsArray().Select(e => e!.GetValue<string>()).ToArray() ?? [],
        json["elapsedMs"]!.GetValue<double>());

    private static Dictionary<string, int> Counts(JsonNode? node) =>
        node?.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<int>()) ?? [];

    private static string Join(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}"));
}
