using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// An <see cref="AdsTestClient"/> set up as a stock Envoy opens its ADS stream: an Istio-style node, optionally CDS
/// (as Envoy asks first) and LDS, then the SDS secrets <c>default</c> and <c>ROOTCA</c>, and every response ACKed.
/// </summary>
public static class StockEnvoyStreams
{
    /// <param name="address">http://127.0.0.1:&lt;xds&gt; or https://127.0.0.1:&lt;secure&gt;.</param>
    /// <param name="metadata">Node metadata, e.g. NAMESPACE and SERVICE_ACCOUNT (which must not decide anything).</param>
    public static async Task<AdsTestClient> OpenAsync(
        string address,
        string nodeId,
        IReadOnlyDictionary<string, string> metadata,
        TestGrpcChannelOptions? channel = null,
        IReadOnlyDictionary<string, string>? headers = null,
        string[]? secretNames = null,
        bool alsoClusters = false,
        bool alsoListeners = false)
    {
        var client = AdsTestClient.Open(
            address,
            AdsTestMode.Sotw,
            new AdsTestClientOptions { NodeId = nodeId, NodeMetadata = metadata, Headers = headers, AutoAck = true },
            channel);
        try
        {
            if (alsoClusters)
            {
                await client.SubscribeAsync(XdsTypeUrls.Cluster).WaitAsync(TimeSpan.FromSeconds(30));
            }

            if (alsoListeners)
            {
                await client.SubscribeAsync(XdsTypeUrls.Listener).WaitAsync(TimeSpan.FromSeconds(30));
            }

            await client.SubscribeAsync(XdsTypeUrls.Secret, secretNames ?? ["default", "ROOTCA"]).WaitAsync(TimeSpan.FromSeconds(30));
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }
}
