using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Grpc.Core;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Load.Clients;

/// <summary>
/// A state-of-the-world ADS client that behaves like proxyless gRPC: it asks for its listeners, then for what
/// each response references, ACKs every response at once with that response's version and nonce, and never
/// NACKs. Each request for a type carries the full list of names wanted of it.
/// </summary>
public sealed class SotwLoadClient(LoadClientContext context, ClientRecord record, Node node) : ILoadClient
{
    private readonly ClientSubscriptions _subscriptions = new(record.Listeners);
    private readonly Dictionary<string, (string Version, string Nonce)> _lastAck = new(StringComparer.Ordinal);

    public ClientRecord Record => record;

    public async Task RunAsync(CancellationToken stop)
    {
        record.MarkStarted();
        try
        {
            using var call = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(context.Channel).StreamAggregatedResources(cancellationToken: stop);
            var first = Request(XdsTypeUrls.Listener);
            first.Node = node;
            await call.RequestStream.WriteAsync(first, stop).ConfigureAwait(false);
            while (await call.ResponseStream.MoveNext(stop).ConfigureAwait(false))
            {
                await OnResponseAsync(call.RequestStream, call.ResponseStream.Current, stop).ConfigureAwait(false);
            }

            if (!stop.IsCancellationRequested)
            {
                record.MarkFailed("the server ended the stream (status OK)");
            }
        }
        catch (RpcException e) when (!stop.IsCancellationRequested)
        {
            record.MarkFailed($"{e.StatusCode}: {e.Status.Detail}");
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is RpcException or OperationCanceledException)
        {
            // The run is over; the stream was reset on purpose.
        }
    }

    private async Task OnResponseAsync(
        IClientStreamWriter<DiscoveryRequest> requests, DiscoveryResponse response, CancellationToken stop)
    {
        record.MarkResponse();
        var type = response.TypeUrl;
        if (!TrafficCounters.IsFollowed(type))
        {
            // gRPC would NACK a type it never asked for; this tool never NACKs, so it counts and moves on.
            context.Counters.CountUnexpectedType();
            return;
        }

        context.Counters.CountResponse(type, response.Resources.Count, response.CalculateSize() + 5);
        var resources = new List<ResourceRefs>(response.Resources.Count);
        foreach (var resource in response.Resources)
        {
            try
            {
                resources.Add(context.Cache.Get(type, resource));
            }
            catch (InvalidProtocolBufferException)
            {
                context.Counters.CountUnreadable();
            }
        }

        _subscriptions.ApplySotw(type, resources);
        _lastAck[type] = (response.VersionInfo, response.Nonce);
        await requests.WriteAsync(Request(type), stop).ConfigureAwait(false);
        context.Counters.CountAck();
        if (type == XdsTypeUrls.Route)
        {
            LoadClientChecks.RecordChange(context.Changes, record, resources);
        }

        foreach (var change in _subscriptions.Follow())
        {
            await requests.WriteAsync(Request(change.TypeUrl), stop).ConfigureAwait(false);
        }

        if (_subscriptions.IsSynced)
        {
            record.MarkSynced();
        }
    }

    /// <summary>A request for everything wanted of <paramref name="type"/>, acknowledging the last response of it.</summary>
    private DiscoveryRequest Request(string type)
    {
        var request = new DiscoveryRequest { TypeUrl = type, ResourceNames = { _subscriptions.Wanted(type) } };
        if (_lastAck.TryGetValue(type, out var ack))
        {
            request.VersionInfo = ack.Version;
            request.ResponseNonce = ack.Nonce;
        }

        return request;
    }
}
