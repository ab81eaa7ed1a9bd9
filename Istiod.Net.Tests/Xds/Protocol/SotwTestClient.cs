using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Istiod.Net.Grpc;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>
/// A state-of-the-world client driving <see cref="AdsService"/> in memory. Like a strict client it checks
/// every response against the protocol itself: nonces unique and increasing, only requested type URLs,
/// resources of the response's type, no resource it did not ask for, no name twice.
/// </summary>
internal sealed class SotwTestClient : IAsyncDisposable
{
    public const string DefaultNode = "sidecar~10.1.1.1~app-1.default~default.svc.cluster.local";

    private readonly Channel<DiscoveryRequest> _requests = Channel.CreateUnbounded<DiscoveryRequest>();
    private readonly CancellationTokenSource _cancel = new();
    private readonly Dictionary<string, List<string>> _subscriptions = new(StringComparer.Ordinal);
    private readonly string _nodeId;
    private long _lastNonce;
    private bool _sentFirst;

    public SotwTestClient(AdsService service, string nodeId, string connectionId)
    {
        _nodeId = nodeId;
        var context = new GrpcCallContext
        {
            Method = AdsService.StreamMethod,
            RequestHeaders = new Dictionary<string, string>(),
            CancellationToken = _cancel.Token,
            ConnectionId = connectionId,
            RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 40000),
            LocalPort = 15010,
        };
        Call = Task.Run(() => service.StreamAggregatedResourcesAsync(_requests.Reader.ReadAllAsync(), Writer, context));
    }

    public CapturingStreamWriter<DiscoveryResponse> Writer { get; } = new();

    /// <summary>The handler's task: completes when the server ends the stream.</summary>
    public Task Call { get; }

    /// <summary>Sends a request as written; the first one gets the node unless it has one or <paramref name="withoutNode"/>.</summary>
    public void Send(DiscoveryRequest request, bool withoutNode = false)
    {
        if (!_sentFirst && request.Node is null && !withoutNode)
        {
            request.Node = new Node { Id = _nodeId };
        }

        _sentFirst = true;
        _subscriptions[request.TypeUrl] = [.. request.ResourceNames];
        _requests.Writer.TryWrite(request);
    }

    public void Subscribe(string typeUrl, params string[] names) =>
        Send(new DiscoveryRequest { TypeUrl = typeUrl, ResourceNames = { names } });

    public void Ack(DiscoveryResponse response, params string[] names) => Send(new DiscoveryRequest
    {
        TypeUrl = response.TypeUrl,
        VersionInfo = response.VersionInfo,
        ResponseNonce = response.Nonce,
        ResourceNames = { names },
    });

    public void Nack(DiscoveryResponse response, string previousVersion, string error, params string[] names) => Send(new DiscoveryRequest
    {
        TypeUrl = response.TypeUrl,
        VersionInfo = previousVersion,
        ResponseNonce = response.Nonce,
        ResourceNames = { names },
        ErrorDetail = new Google.Rpc.Status { Code = 3, Message = error },
    });

    /// <summary>Ends the request side, as a client closing its stream.</summary>
    public void CloseRequests() => _requests.Writer.TryComplete();

    /// <summary>The next response, checked against the protocol.</summary>
    public async Task<DiscoveryResponse> NextAsync()
    {
        var response = await Writer.Written.ReadAsync().AsTask().DefaultTimeout();
        Check(response);
        return response;
    }

    /// <summary>The names of the resources in a response, read from inside each resource.</summary>
    public static string[] Names(DiscoveryResponse response) =>
        response.Resources.Select(TestResources.NameOf).Order(StringComparer.Ordinal).ToArray();

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _cancel.CancelAsync();
        try
        {
            await Call.WaitAsync(TaskTimeouts.Default);
        }
        catch (Exception exception) when (exception is GrpcException or OperationCanceledException)
        {
            // Tests that expect the stream to fail assert that themselves.
        }

        _cancel.Dispose();
    }

    private void Check(DiscoveryResponse response)
    {
        var nonce = long.Parse(response.Nonce, CultureInfo.InvariantCulture);
        Assert.That(nonce, Is.GreaterThan(_lastNonce), "nonces must be unique and increase within a stream");
        _lastNonce = nonce;

        Assert.That(_subscriptions.ContainsKey(response.TypeUrl), Is.True, $"response for {response.TypeUrl}, which was never requested");
        Assert.That(response.Resources.Select(r => r.TypeUrl), Has.All.EqualTo(response.TypeUrl), "resource type URLs must match the response");

        var names = response.Resources.Select(TestResources.NameOf).ToArray();
        Assert.That(names, Is.Unique, "a response must not carry a name twice");
        var asked = _subscriptions[response.TypeUrl];
        var wildcard = asked.Contains("*") || (asked.Count == 0 && XdsTypeUrls.IsWildcardByDefault(response.TypeUrl));
        if (!wildcard)
        {
            Assert.That(names, Is.SubsetOf(asked), "resources the client did not ask for must not be sent");
        }
    }
}
