using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Grpc;
using Istiod.Net.Grpc.Client;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Plays a stock Envoy on one ADS stream over a real socket: sends an Istio-style node, subscribes to the
/// SDS secrets <c>default</c> and <c>ROOTCA</c> (and optionally CDS, as Envoy does first, and LDS), and ACKs every
/// response as it arrives. Responses are queued with the time they were read.
/// </summary>
internal sealed class StockEnvoySdsClient : IAsyncDisposable
{
    private readonly GrpcChannel _channel;
    private readonly GrpcDuplexCall<DiscoveryRequest, DiscoveryResponse> _call;
    private readonly Channel<(DiscoveryResponse Response, DateTimeOffset ReceivedAt)> _responses = Channel.CreateUnbounded<(DiscoveryResponse, DateTimeOffset)>();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> _names = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    private StockEnvoySdsClient(GrpcChannel channel, IReadOnlyDictionary<string, string>? headers)
    {
        _channel = channel;
        _call = channel.StartDuplex<DiscoveryRequest, DiscoveryResponse>(
            AdsService.StreamMethod, DiscoveryResponse.Parser, new GrpcCallOptions { Headers = headers });
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>The stream's final status once it ended (null while it runs).</summary>
    public GrpcException? Failure { get; private set; }

    /// <param name="address">http://127.0.0.1:&lt;xds&gt; or https://127.0.0.1:&lt;secure&gt;.</param>
    /// <param name="metadata">Node metadata, e.g. NAMESPACE and SERVICE_ACCOUNT (which must not decide anything).</param>
    public static async Task<StockEnvoySdsClient> ConnectAsync(
        string address,
        string nodeId,
        IReadOnlyDictionary<string, string> metadata,
        GrpcChannelOptions? options = null,
        IReadOnlyDictionary<string, string>? headers = null,
        string[]? secretNames = null,
        bool alsoClusters = false,
        bool alsoListeners = false)
    {
        var client = new StockEnvoySdsClient(GrpcChannel.ForAddress(address, options), headers);
        var node = new Node { Id = nodeId, Metadata = new Struct() };
        foreach (var (key, value) in metadata)
        {
            node.Metadata.Fields[key] = Value.ForString(value);
        }

        var first = true;
        if (alsoClusters)
        {
            await client.SubscribeAsync(XdsTypeUrls.Cluster, [], node);
            first = false;
        }

        if (alsoListeners)
        {
            await client.SubscribeAsync(XdsTypeUrls.Listener, [], first ? node : null);
            first = false;
        }

        await client.SubscribeAsync(XdsTypeUrls.Secret, secretNames ?? ["default", "ROOTCA"], first ? node : null);
        return client;
    }

    /// <summary>The next response of <paramref name="typeUrl"/> (others are skipped), within <paramref name="timeout"/>.</summary>
    public async Task<(DiscoveryResponse Response, DateTimeOffset ReceivedAt)> NextAsync(string typeUrl, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var next = await _responses.Reader.ReadAsync(cancel.Token);
                if (next.Response.TypeUrl == typeUrl)
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {XdsTypeUrls.ShortName(typeUrl)} response within {timeout.TotalSeconds:0} s");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"the stream ended before a {XdsTypeUrls.ShortName(typeUrl)} response: {Failure?.Status} {Failure?.Message}");
        }
    }

    /// <summary>Waits until the server ended the stream; its status (null when it ended without one).</summary>
    public async Task<GrpcException?> EndedAsync(TimeSpan timeout)
    {
        await _reader.WaitAsync(timeout);
        return Failure;
    }

    public static IReadOnlyDictionary<string, Secret> Secrets(DiscoveryResponse response) =>
        response.Resources.Select(r => r.Unpack<Secret>()).ToDictionary(s => s.Name, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        // Stop the reader before the call goes away, so no read runs against a disposed call.
        await _stop.CancelAsync();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
        }

        await _call.DisposeAsync();
        _channel.Dispose();
        _stop.Dispose();
    }

    private async Task SubscribeAsync(string typeUrl, string[] names, Node? node)
    {
        _names[typeUrl] = names;
        var request = new DiscoveryRequest { TypeUrl = typeUrl, Node = node };
        request.ResourceNames.Add(names);
        await _call.WriteAsync(request).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _call.ReadAsync(_stop.Token) is { } response)
            {
                _responses.Writer.TryWrite((response, DateTimeOffset.UtcNow));
                var ack = new DiscoveryRequest { TypeUrl = response.TypeUrl, VersionInfo = response.VersionInfo, ResponseNonce = response.Nonce };
                ack.ResourceNames.Add(_names.GetValueOrDefault(response.TypeUrl) ?? []);
                await _call.WriteAsync(ack, _stop.Token);
            }
        }
        catch (GrpcException e) when (!_stop.IsCancellationRequested)
        {
            Failure = e;
        }
        catch (Exception e) when (_stop.IsCancellationRequested && e is OperationCanceledException or GrpcException)
        {
            // Disposed by the test.
        }
        finally
        {
            _responses.Writer.TryComplete();
        }
    }
}
