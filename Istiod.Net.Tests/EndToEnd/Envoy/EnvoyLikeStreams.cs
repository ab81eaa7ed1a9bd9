using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.EndToEnd.Envoy;

/// <summary>
/// An <see cref="AdsTestClient"/> that asks the control plane what a stock Envoy started from a proxy's bootstrap asks,
/// over a real socket and the same port, TLS and token: the bootstrap's node, every response ACKed as Envoy would.
/// Lets the world's config be checked where no Envoy binary exists.
/// </summary>
public static class EnvoyLikeStreams
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(30);

    public static AdsTestClient Open(EnvoyWorld world, EnvoyWorldProxy proxy)
    {
        var options = new AdsTestClientOptions { Node = EnvoyBootstrapNode.Read(proxy.BootstrapFile), AutoAck = true };
        if (!proxy.Secure)
        {
            return AdsTestClient.Open($"http://127.0.0.1:{world.Istiod.XdsPort}", AdsTestMode.Sotw, options);
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(world.RootCertFile);
        // The bootstrap names istiod.istio-system.svc as the TLS server name; the chain is checked against the same
        // root file and the name is left to the bootstrap tests.
        return AdsTestClient.Open(
            $"https://127.0.0.1:{world.Istiod.SecurePort}",
            AdsTestMode.Sotw,
            options with { Headers = new Dictionary<string, string> { ["authorization"] = "Bearer " + proxy.Token } },
            new TestGrpcChannelOptions { TrustedRoots = roots, CheckServerName = false });
    }

    /// <summary>Subscribes to <paramref name="names"/> (empty: wildcard) and returns the resources of the answer.</summary>
    public static async Task<IReadOnlyList<T>> FetchAsync<T>(this AdsTestClient client, string typeUrl, params string[] names)
        where T : IMessage, new()
    {
        await client.SubscribeAsync(typeUrl, names).WaitAsync(ResponseTimeout).ConfigureAwait(false);
        var response = await client.NextAsync(typeUrl, ResponseTimeout).ConfigureAwait(false);
        return response.Resources.Select(r => r.As<T>()).ToList();
    }
}
