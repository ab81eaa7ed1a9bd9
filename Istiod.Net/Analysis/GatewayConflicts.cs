using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;

namespace Istiod.Net.Analysis;

/// <summary>
/// Gateways that select the same workloads and collide on a port, where the gateway listener keeps the
/// Gateway that wins (<see cref="IstioPrecedence"/>) and leaves the other's servers out: the same TLS host
/// twice (Envoy refuses two chains for one server name), plaintext beside TLS, or two TCP servers. Plain
/// HTTP servers sharing a host are not reported: their VirtualServices merge into one virtual host.
/// </summary>
public static class GatewayConflicts
{
    public static IEnumerable<AnalysisFinding> Find(IReadOnlyList<ConfigObject> configs)
    {
        var gateways = configs.Where(c => c.Spec is GatewaySpec).Order(IstioPrecedence.Instance).ToArray();
        var reported = new HashSet<(ConfigKey, uint)>();
        for (var i = 0; i < gateways.Length; i++)
        {
            for (var j = i + 1; j < gateways.Length; j++)
            {
                var (winner, loser) = (gateways[i], gateways[j]);
                if (!SameSelector(winner.SpecAs<GatewaySpec>().Selector, loser.SpecAs<GatewaySpec>().Selector))
                {
                    continue;
                }

                foreach (var lost in loser.SpecAs<GatewaySpec>().Servers ?? [])
                {
                    foreach (var kept in winner.SpecAs<GatewaySpec>().Servers ?? [])
                    {
                        if (lost.Port?.Number is not { } port || kept.Port?.Number != port || Collision(kept, lost) is not { } why
                            || !reported.Add((loser.Key, port)))
                        {
                            continue;
                        }

                        yield return new AnalysisFinding(AnalysisCodes.ConflictingGateways, AnalysisSeverity.Warning,
                            $"its server on port {port} ({string.Join(", ", lost.Hosts ?? [])}) collides with {winner.Meta.Namespace}/{winner.Meta.Name}, "
                            + $"which selects the same workloads and wins (older, or first by name): {why}; the gateway leaves this server out",
                            [loser.Key, winner.Key]);
                    }
                }
            }
        }
    }

    /// <summary>Why the later server cannot share the port with the earlier one, or null when they can.</summary>
    private static string? Collision(Server kept, Server lost)
    {
        var (keptKind, lostKind) = (KindOf(kept), KindOf(lost));
        if ((keptKind == ServerKind.Tls) != (lostKind == ServerKind.Tls))
        {
            return "plaintext and TLS cannot share a port";
        }

        if (keptKind == ServerKind.Tcp || lostKind == ServerKind.Tcp)
        {
            return keptKind == lostKind ? "a port has one TCP server" : "a TCP and an HTTP server cannot share a port";
        }

        if (keptKind == ServerKind.Tls)
        {
            var taken = Names(kept);
            var overlap = Names(lost).Where(taken.Contains).ToArray();
            return overlap.Length > 0 ? $"TLS host {string.Join(", ", overlap)} is already served on this port" : null;
        }

        return null;
    }

    /// <summary>The server names a TLS server's chain matches (hosts without their namespace part; "*" takes all).</summary>
    private static HashSet<string> Names(Server server)
    {
        var hosts = (server.Hosts ?? []).Select(h => h[(h.IndexOf('/') + 1)..].ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        return hosts.Contains("*") ? ["*"] : hosts;
    }

    // The same classification the gateway listener makes from protocol and TLS mode.
    private static ServerKind KindOf(Server server) => (server.Port?.Protocol ?? "").ToUpperInvariant() switch
    {
        "HTTP" or "HTTP2" or "GRPC" or "GRPC-WEB" => ServerKind.Http,
        "HTTPS" or "TLS" => ServerKind.Tls,
        _ => ServerKind.Tcp,
    };

    private static bool SameSelector(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var value) && value == kv.Value);
    }

    private enum ServerKind
    {
        Http,
        Tls,
        Tcp,
    }
}
