using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Istiod.Net.Grpc;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>
/// A delta client driving <see cref="AdsService"/> in memory. It keeps the resources it holds (applying
/// each response as Envoy would) and checks every response: nonces increase, only requested types,
/// resources named, versioned and of the response's type, never both updated and removed.
/// </summary>
internal sealed class DeltaTestClient : IAsyncDisposable
{
    private readonly Channel<DeltaDiscoveryRequest> _requests = Channel.CreateUnbounded<DeltaDiscoveryRequest>();
    private readonly CancellationTokenSource _cancel = new();
    private readonly HashSet<string> _types = new(StringComparer.Ordinal);
    private readonly string _nodeId;
    private long _lastNonce;
    private bool _sentFirst;

    public DeltaTestClient(AdsService service, string nodeId, string connectionId)
    {
        _nodeId = nodeId;
        var context = new GrpcCallContext
        {
            Method = AdsService.DeltaMethod,
            RequestHeaders = new Dictionary<string, string>(),
            CancellationToken = _cancel.Token,
            ConnectionId = connectionId,
            RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 40001),
            LocalPort = 15010,
        };
        Call = Task.Run(() => service.DeltaAggregatedResourcesAsync(_requests.Reader.ReadAllAsync(), Writer, context));
    }

    public CapturingStreamWriter<DeltaDiscoveryResponse> Writer { get; } = new();

    public Task Call { get; }

    /// <summary>Per type, name to version of what this client holds after the responses read so far.</summary>
    public Dictionary<string, Dictionary<string, string>> Held { get; } = new(StringComparer.Ordinal);

    public void Send(DeltaDiscoveryRequest request)
    {
        if (!_sentFirst && request.Node is null)
        {
            request.Node = new Node { Id = _nodeId };
        }

        _sentFirst = true;
        _types.Add(request.TypeUrl);
        _requests.Writer.TryWrite(request);
    }

    public void Subscribe(string typeUrl, params string[] names) =>
        Send(new DeltaDiscoveryRequest { TypeUrl = typeUrl, ResourceNamesSubscribe = { names } });

    public void Unsubscribe(string typeUrl, params string[] names) =>
        Send(new DeltaDiscoveryRequest { TypeUrl = typeUrl, ResourceNamesUnsubscribe = { names } });

    public void Ack(DeltaDiscoveryResponse response) =>
        Send(new DeltaDiscoveryRequest { TypeUrl = response.TypeUrl, ResponseNonce = response.Nonce });

    public void Nack(DeltaDiscoveryResponse response, string error) => Send(new DeltaDiscoveryRequest
    {
        TypeUrl = response.TypeUrl,
        ResponseNonce = response.Nonce,
        ErrorDetail = new Google.Rpc.Status { Code = 3, Message = error },
    });

    public async Task<DeltaDiscoveryResponse> NextAsync()
    {
        var response = await Writer.Written.ReadAsync().AsTask().DefaultTimeout();
        Check(response);
        if (!Held.TryGetValue(response.TypeUrl, out var held))
        {
            Held[response.TypeUrl] = held = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        foreach (var resource in response.Resources)
        {
            held[resource.Name] = resource.Version;
        }

        foreach (var name in response.RemovedResources)
        {
            held.Remove(name);
        }

        return response;
    }

    public static string[] Names(DeltaDiscoveryResponse response) =>
        response.Resources.Select(r => r.Name).Order(StringComparer.Ordinal).ToArray();

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

    private void Check(DeltaDiscoveryResponse response)
    {
        var nonce = long.Parse(response.Nonce, CultureInfo.InvariantCulture);
        Assert.That(nonce, Is.GreaterThan(_lastNonce), "nonces must be unique and increase within a stream");
        _lastNonce = nonce;
        Assert.That(_types, Does.Contain(response.TypeUrl), "response for a type that was never requested");
        foreach (var resource in response.Resources)
        {
            Assert.That(resource.Name, Is.Not.Empty, "every delta resource is named");
            Assert.That(resource.Version, Is.Not.Empty, "every delta resource is versioned");
            Assert.That(resource.Resource_.TypeUrl, Is.EqualTo(response.TypeUrl));
            Assert.That(TestResources.NameOf(resource.Resource_), Is.EqualTo(resource.Name));
        }

        Assert.That(response.Resources.Select(r => r.Name), Is.Unique);
        Assert.That(response.RemovedResources.Intersect(response.Resources.Select(r => r.Name)), Is.Empty,
            "a name is either updated or removed, not both");
    }
}
