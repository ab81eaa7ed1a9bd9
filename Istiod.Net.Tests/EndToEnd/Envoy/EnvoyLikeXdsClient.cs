using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Grpc;
using Istiod.Net.Grpc.Client;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.EndToEnd.Envoy;

/// <summary>
/// Asks the control plane for what a stock Envoy started from <paramref name="proxy"/>'s bootstrap asks for, over a
/// real socket and the same port, TLS and token: one ADS stream with the bootstrap's node, then CDS and LDS by
/// wildcard, EDS and RDS by the names those name, and the SDS secrets they reference — each response ACKed as Envoy
/// would. Lets the world's config be checked where no Envoy binary exists.
/// </summary>
public sealed class EnvoyLikeXdsClient : IAsyncDisposable
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(30);

    private readonly GrpcChannel _channel;
    private readonly GrpcDuplexCall<DiscoveryRequest, DiscoveryResponse> _call;
    private readonly Dictionary<string, string[]> _names = new(StringComparer.Ordinal);
    private Node? _node;

    private EnvoyLikeXdsClient(GrpcChannel channel, IReadOnlyDictionary<string, string>? headers, Node node)
    {
        _channel = channel;
        _node = node;
        _call = channel.StartDuplex<DiscoveryRequest, DiscoveryResponse>(
            AdsService.StreamMethod, DiscoveryResponse.Parser, new GrpcCallOptions { Headers = headers });
    }

    public static EnvoyLikeXdsClient Connect(EnvoyWorld world, EnvoyWorldProxy proxy)
    {
        var node = NodeOf(proxy.BootstrapFile);
        if (!proxy.Secure)
        {
            return new EnvoyLikeXdsClient(GrpcChannel.ForAddress($"http://127.0.0.1:{world.Istiod.XdsPort}"), null, node);
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(world.RootCertFile);
        // The bootstrap names istiod.istio-system.svc as the TLS server name; our client checks the chain against the
        // same root file and leaves the name to the bootstrap tests.
        var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{world.Istiod.SecurePort}", new GrpcChannelOptions { TrustedRoots = roots, CheckServerName = false });
        return new EnvoyLikeXdsClient(channel, new Dictionary<string, string> { ["authorization"] = "Bearer " + proxy.Token }, node);
    }

    /// <summary>The node of a bootstrap file as Envoy sends it.</summary>
    public static Node NodeOf(string bootstrapFile)
    {
        var json = JsonNode.Parse(File.ReadAllText(bootstrapFile))!["node"]!.ToJsonString();
        return JsonParser.Default.Parse<Node>(json);
    }

    /// <summary>Subscribes to <paramref name="names"/> (empty: wildcard), ACKs the answer and returns its resources.</summary>
    public async Task<IReadOnlyList<T>> FetchAsync<T>(string typeUrl, params string[] names) where T : IMessage<T>, new()
    {
        var request = new DiscoveryRequest { TypeUrl = typeUrl, Node = _node };
        request.ResourceNames.Add(names);
        _node = null;
        _names[typeUrl] = names;
        await _call.WriteAsync(request).AsTask().WaitAsync(ResponseTimeout).ConfigureAwait(false);
        using var cancel = new CancellationTokenSource(ResponseTimeout);
        while (true)
        {
            DiscoveryResponse? response;
            try
            {
                response = await _call.ReadAsync(cancel.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (cancel.IsCancellationRequested && e is OperationCanceledException or GrpcException)
            {
                throw new TimeoutException($"no {XdsTypeUrls.ShortName(typeUrl)} response within {ResponseTimeout.TotalSeconds:0} s");
            }

            if (response is null)
            {
                throw new InvalidOperationException($"the stream ended before a {XdsTypeUrls.ShortName(typeUrl)} response");
            }

            var ack = new DiscoveryRequest { TypeUrl = response.TypeUrl, VersionInfo = response.VersionInfo, ResponseNonce = response.Nonce };
            ack.ResourceNames.Add(_names.GetValueOrDefault(response.TypeUrl) ?? []);
            await _call.WriteAsync(ack).AsTask().WaitAsync(ResponseTimeout).ConfigureAwait(false);
            if (response.TypeUrl == typeUrl)
            {
                var parser = new MessageParser<T>(() => new T());
                return response.Resources.Select(r => parser.ParseFrom(r.Value)).ToList();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _call.DisposeAsync().ConfigureAwait(false);
        _channel.Dispose();
    }
}
