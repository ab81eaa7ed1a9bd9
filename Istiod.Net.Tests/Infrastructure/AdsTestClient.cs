using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Istiod.Net.Xds.Protocol;
using GrpcMetadata = Grpc.Core.Metadata;
using GrpcStatus = Grpc.Core.Status;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// One ADS stream (SotW or delta) on Grpc.Net.Client and the generated AggregatedDiscoveryService client, for tests.
/// It plays a strict proxy: the node goes on the first request, every response must carry a nonce never seen
/// before on the stream (else the stream's reader fails with <see cref="AdsProtocolViolationException"/>), and an
/// ACK or NACK always carries the newest nonce of its type. Received resources are kept per type and decoded on
/// demand. Responses are also queued, in order, for tests that look at each one.
/// </summary>
public sealed class AdsTestClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private readonly object _lock = new();
    private readonly Dictionary<string, AdsTestTypeState> _types = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nonces = new(StringComparer.Ordinal);
    private readonly Channel<AdsTestResponse> _responses = Channel.CreateUnbounded<AdsTestResponse>();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly GrpcChannel? _ownedChannel;
    private readonly AdsTestClientOptions _options;
    private readonly AsyncDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse>? _sotw;
    private readonly AsyncDuplexStreamingCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>? _delta;
    private readonly Task _reader;
    private readonly TaskCompletionSource<GrpcStatus> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _sentNode;

    private AdsTestClient(GrpcChannel channel, bool ownsChannel, AdsTestMode mode, AdsTestClientOptions options)
    {
        _ownedChannel = ownsChannel ? channel : null;
        _options = options;
        Mode = mode;
        Node = options.Node ?? BuildNode(options);
        var client = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(channel);
        var headers = new GrpcMetadata();
        foreach (var (key, value) in options.Headers ?? new Dictionary<string, string>())
        {
            headers.Add(key, value);
        }

        if (mode == AdsTestMode.Sotw)
        {
            _sotw = client.StreamAggregatedResources(headers, cancellationToken: _stop.Token);
            _reader = Task.Run(() => ReadAsync(_sotw.ResponseStream, FromSotw));
        }
        else
        {
            _delta = client.DeltaAggregatedResources(headers, cancellationToken: _stop.Token);
            _reader = Task.Run(() => ReadAsync(_delta.ResponseStream, FromDelta));
        }
    }

    public AdsTestMode Mode { get; }

    /// <summary>The node sent on the first request.</summary>
    public Node Node { get; }

    /// <summary>The stream's end: OK, the server's status, or the protocol violation this client saw. Faults only on a violation.</summary>
    public Task<GrpcStatus> Completion => _ended.Task;

    /// <summary>The stream's failure once it failed: an <see cref="RpcException"/> or an <see cref="AdsProtocolViolationException"/>.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>A stream over a channel the caller owns and shares (many streams per connection).</summary>
    public static AdsTestClient Open(GrpcChannel channel, AdsTestMode mode, AdsTestClientOptions? options = null) =>
        new(channel, ownsChannel: false, mode, options ?? new AdsTestClientOptions());

    /// <summary>A stream on its own channel, disposed with the client.</summary>
    public static AdsTestClient Open(
        string address, AdsTestMode mode, AdsTestClientOptions? options = null, TestGrpcChannelOptions? channel = null) =>
        new(TestGrpcChannels.ForAddress(address, channel), ownsChannel: true, mode, options ?? new AdsTestClientOptions());

    /// <summary>
    /// Asks for more of <paramref name="typeUrl"/>. SotW sends the full wanted list again with the newest version and
    /// nonce of the type; delta sends only the new names. No names in SotW is a wildcard request.
    /// </summary>
    public Task SubscribeAsync(string typeUrl, params string[] names)
    {
        lock (_lock)
        {
            State(typeUrl).Subscribed.UnionWith(names);
        }

        return Mode == AdsTestMode.Sotw
            ? SendAsync(SotwRequest(typeUrl))
            : SendAsync(new DeltaDiscoveryRequest { TypeUrl = typeUrl, ResourceNamesSubscribe = { names } });
    }

    public Task UnsubscribeAsync(string typeUrl, params string[] names)
    {
        lock (_lock)
        {
            State(typeUrl).Subscribed.ExceptWith(names);
        }

        return Mode == AdsTestMode.Sotw
            ? SendAsync(SotwRequest(typeUrl))
            : SendAsync(new DeltaDiscoveryRequest { TypeUrl = typeUrl, ResourceNamesUnsubscribe = { names } });
    }

    /// <summary>ACKs <paramref name="response"/>, which must be the newest of its type: an ACK carries the last nonce.</summary>
    public Task AckAsync(AdsTestResponse response)
    {
        CheckNewest(response, "ACK");
        if (Mode == AdsTestMode.Delta)
        {
            return SendAsync(new DeltaDiscoveryRequest { TypeUrl = response.TypeUrl, ResponseNonce = response.Nonce });
        }

        lock (_lock)
        {
            State(response.TypeUrl).AckedVersion = response.Version;
        }

        return SendAsync(SotwRequest(response.TypeUrl));
    }

    /// <summary>NACKs <paramref name="response"/> (the newest of its type); SotW repeats the version last ACKed, as Envoy does.</summary>
    public Task NackAsync(AdsTestResponse response, string error)
    {
        CheckNewest(response, "NACK");
        var detail = new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = error };
        if (Mode == AdsTestMode.Delta)
        {
            return SendAsync(new DeltaDiscoveryRequest { TypeUrl = response.TypeUrl, ResponseNonce = response.Nonce, ErrorDetail = detail });
        }

        var request = SotwRequest(response.TypeUrl);
        request.ErrorDetail = detail;
        return SendAsync(request);
    }

    /// <summary>Sends a request as it is, for tests of what the server does with odd ones. The node is added once if missing.</summary>
    public async Task SendAsync(DiscoveryRequest request)
    {
        var call = _sotw ?? throw new InvalidOperationException("This is a delta stream.");
        await _writeLock.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            request.Node ??= TakeNode();
            await call.RequestStream.WriteAsync(request, _stop.Token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc cref="SendAsync(DiscoveryRequest)"/>
    public async Task SendAsync(DeltaDiscoveryRequest request)
    {
        var call = _delta ?? throw new InvalidOperationException("This is a SotW stream.");
        await _writeLock.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            request.Node ??= TakeNode();
            await call.RequestStream.WriteAsync(request, _stop.Token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends the first request without a node, for tests of the server's check.</summary>
    public void OmitNode()
    {
        lock (_lock)
        {
            _sentNode = true;
        }
    }

    /// <summary>
    /// The next queued response, of <paramref name="typeUrl"/> if given (others are dropped from the queue). Throws the
    /// stream's failure (<see cref="RpcException"/> with the server's status) if it ends first.
    /// </summary>
    public async Task<AdsTestResponse> NextAsync(string? typeUrl = null, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultWait;
        using var cancel = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                var next = await _responses.Reader.ReadAsync(cancel.Token).ConfigureAwait(false);
                if (typeUrl is null || next.TypeUrl == typeUrl)
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"no {(typeUrl is null ? "" : XdsTypeUrls.ShortName(typeUrl) + " ")}response within {wait.TotalSeconds:0} s");
        }
        catch (ChannelClosedException)
        {
            if (Failure is { } failure)
            {
                throw failure is RpcException rpc ? new RpcException(rpc.Status, rpc.Trailers) : new AdsProtocolViolationException(failure.Message);
            }

            throw new InvalidOperationException($"the stream ended with OK before a {typeUrl ?? "further"} response");
        }
    }

    /// <summary>What the client holds of <paramref name="typeUrl"/> now, by name.</summary>
    public IReadOnlyDictionary<string, AdsTestResource> Resources(string typeUrl)
    {
        lock (_lock)
        {
            return _types.TryGetValue(typeUrl, out var state)
                ? new Dictionary<string, AdsTestResource>(state.Resources, StringComparer.Ordinal)
                : new Dictionary<string, AdsTestResource>(StringComparer.Ordinal);
        }
    }

    public IReadOnlyDictionary<string, T> Decoded<T>(string typeUrl)
        where T : Google.Protobuf.IMessage, new() =>
        Resources(typeUrl).ToDictionary(r => r.Key, r => r.Value.As<T>(), StringComparer.Ordinal);

    /// <summary>Waits until the client holds every one of <paramref name="names"/> of <paramref name="typeUrl"/> (any, if none given).</summary>
    public Task<IReadOnlyDictionary<string, AdsTestResource>> WaitForResourcesAsync(string typeUrl, params string[] names) =>
        WaitForAsync(typeUrl, held => names.Length == 0 ? held.Count > 0 : names.All(held.ContainsKey));

    /// <summary>Waits for one resource and decodes it.</summary>
    public async Task<T> WaitForResourceAsync<T>(string typeUrl, string name)
        where T : Google.Protobuf.IMessage, new() =>
        (await WaitForResourcesAsync(typeUrl, name).ConfigureAwait(false))[name].As<T>();

    /// <summary>Waits until what the client holds of <paramref name="typeUrl"/> satisfies <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyDictionary<string, AdsTestResource>> WaitForAsync(
        string typeUrl, Func<IReadOnlyDictionary<string, AdsTestResource>, bool> condition, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultWait;
        using var cancel = new CancellationTokenSource(wait);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            var held = Resources(typeUrl);
            if (condition(held))
            {
                return held;
            }

            if (_ended.Task.IsCompleted)
            {
                throw new InvalidOperationException(
                    $"the stream ended ({Failure?.Message ?? "OK"}) before the wanted {XdsTypeUrls.ShortName(typeUrl)}; held: {string.Join(", ", held.Keys)}");
            }

            try
            {
                await changed.WaitAsync(cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the wanted {XdsTypeUrls.ShortName(typeUrl)} did not arrive within {wait.TotalSeconds:0} s; held: {string.Join(", ", held.Keys)}");
            }
        }
    }

    /// <summary>
    /// Waits until the server ended the stream: its failure, or null when it ended with OK. A protocol violation
    /// this client saw is thrown. Security tests use it for a stream the server must end (PERMISSION_DENIED, ...).
    /// </summary>
    public async Task<RpcException?> EndedAsync(TimeSpan timeout)
    {
        await _ended.Task.WaitAsync(timeout).ConfigureAwait(false);
        return Failure as RpcException;
    }

    /// <summary>Half-closes the stream, as a proxy that goes away politely, and returns the server's final status.</summary>
    public async Task<GrpcStatus> CloseAsync()
    {
        await _writeLock.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            await (_sotw is not null ? _sotw.RequestStream.CompleteAsync() : _delta!.RequestStream.CompleteAsync()).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        return await _ended.Task.WaitAsync(DefaultWait).ConfigureAwait(false);
    }

    /// <summary>Resets the stream (RST_STREAM CANCEL), as a proxy that dies.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A reader stuck past the reset; the call's disposal below ends it.
        }

        _sotw?.Dispose();
        _delta?.Dispose();
        _ownedChannel?.Dispose();
        _stop.Dispose();
    }

    private static Node BuildNode(AdsTestClientOptions options)
    {
        var node = new Node { Id = options.NodeId };
        if (options.NodeMetadata is { } metadata)
        {
            node.Metadata = new Struct();
            foreach (var (key, value) in metadata)
            {
                node.Metadata.Fields[key] = Value.ForString(value);
            }
        }

        return node;
    }

    private static AdsTestResponse FromSotw(DiscoveryResponse response)
    {
        var resources = response.Resources
            .Select((any, i) => new AdsTestResource(AdsResourceNames.NameOf(any) ?? $"#{i}", response.VersionInfo, any))
            .ToArray();
        return new AdsTestResponse(response.TypeUrl, response.Nonce, response.VersionInfo, resources, [], DateTimeOffset.UtcNow, response, null);
    }

    private static AdsTestResponse FromDelta(DeltaDiscoveryResponse response)
    {
        var resources = response.Resources.Select(r => new AdsTestResource(r.Name, r.Version, r.Resource_)).ToArray();
        return new AdsTestResponse(
            response.TypeUrl, response.Nonce, response.SystemVersionInfo, resources, response.RemovedResources.ToArray(), DateTimeOffset.UtcNow, null, response);
    }

    private Node? TakeNode()
    {
        lock (_lock)
        {
            if (_sentNode)
            {
                return null;
            }

            _sentNode = true;
            return Node;
        }
    }

    private AdsTestTypeState State(string typeUrl)
    {
        if (!_types.TryGetValue(typeUrl, out var state))
        {
            state = new AdsTestTypeState();
            _types[typeUrl] = state;
        }

        return state;
    }

    private DiscoveryRequest SotwRequest(string typeUrl)
    {
        lock (_lock)
        {
            var state = State(typeUrl);
            return new DiscoveryRequest
            {
                TypeUrl = typeUrl,
                ResourceNames = { state.Subscribed },
                VersionInfo = state.AckedVersion,
                ResponseNonce = state.Last?.Nonce ?? "",
            };
        }
    }

    private void CheckNewest(AdsTestResponse response, string what)
    {
        lock (_lock)
        {
            var last = State(response.TypeUrl).Last;
            if (last is null || last.Nonce != response.Nonce)
            {
                throw new InvalidOperationException(
                    $"a {what} must carry the newest nonce of {XdsTypeUrls.ShortName(response.TypeUrl)} ({last?.Nonce ?? "none"}), not {response.Nonce}");
            }
        }
    }

    private async Task ReadAsync<TResponse>(IAsyncStreamReader<TResponse> stream, Func<TResponse, AdsTestResponse> convert)
    {
        var status = GrpcStatus.DefaultSuccess;
        try
        {
            while (await stream.MoveNext(_stop.Token).ConfigureAwait(false))
            {
                var response = convert(stream.Current);
                Record(response);
                _responses.Writer.TryWrite(response);
                if (_options.AutoAck)
                {
                    await AckAsync(response).ConfigureAwait(false);
                }
            }
        }
        catch (RpcException e) when (!_stop.IsCancellationRequested)
        {
            Failure = e;
            status = e.Status;
        }
        catch (AdsProtocolViolationException e)
        {
            Failure = e;
            status = new GrpcStatus(StatusCode.Internal, e.Message);
            await _stop.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (_stop.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            status = new GrpcStatus(StatusCode.Cancelled, "disposed by the test");
        }
        finally
        {
            _responses.Writer.TryComplete();
            _ended.TrySetResult(status);
            Pulse();
        }
    }

    /// <summary>Checks the nonce and applies the response to what the client holds.</summary>
    private void Record(AdsTestResponse response)
    {
        lock (_lock)
        {
            if (response.Nonce.Length == 0)
            {
                throw new AdsProtocolViolationException($"a {XdsTypeUrls.ShortName(response.TypeUrl)} response without a nonce");
            }

            if (!_nonces.Add(response.Nonce))
            {
                throw new AdsProtocolViolationException($"the nonce {response.Nonce} was used twice on one stream");
            }

            var names = response.Resources.Select(r => r.Name).ToArray();
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            {
                throw new AdsProtocolViolationException($"a {XdsTypeUrls.ShortName(response.TypeUrl)} response names a resource twice: {string.Join(", ", names)}");
            }

            var state = State(response.TypeUrl);
            state.Last = response;
            if (Mode == AdsTestMode.Sotw)
            {
                // Every SotW response holds the full set the client asked for.
                state.Resources.Clear();
            }

            foreach (var name in response.Removed)
            {
                state.Resources.Remove(name);
            }

            foreach (var resource in response.Resources)
            {
                state.Resources[resource.Name] = resource;
            }
        }

        Pulse();
    }

    private void Pulse()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
