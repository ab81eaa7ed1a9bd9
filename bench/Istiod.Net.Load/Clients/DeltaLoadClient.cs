using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Grpc.Core;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Load.Clients;

/// <summary>
/// A delta ADS client that follows references like proxyless gRPC: it subscribes to its listeners, then to
/// what each response references (and unsubscribes from what is no longer referenced), ACKs every response
/// at once with its nonce, and never NACKs.
/// </summary>
public sealed class DeltaLoadClient(LoadClientContext context, ClientRecord record, Node node) : ILoadClient
{
    private readonly ClientSubscriptions _subscriptions = new(record.Listeners);

    public ClientRecord Record => record;

    public async Task RunAsync(CancellationToken stop)
    {
        record.MarkStarted();
        try
        {
            using var call = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(context.Channel).DeltaAggregatedResources(cancellationToken: stop);
            var first = new DeltaDiscoveryRequest
            {
                Node = node,
                TypeUrl = XdsTypeUrls.Listener,
                ResourceNamesSubscribe = { _subscriptions.Wanted(XdsTypeUrls.Listener) },
            };
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
        IClientStreamWriter<DeltaDiscoveryRequest> requests, DeltaDiscoveryResponse response, CancellationToken stop)
    {
        record.MarkResponse();
        var type = response.TypeUrl;
        if (!TrafficCounters.IsFollowed(type))
        {
            context.Counters.CountUnexpectedType();
            return;
        }

        context.Counters.CountResponse(type, response.Resources.Count, response.CalculateSize() + 5);
        var resources = new List<ResourceRefs>(response.Resources.Count);
        foreach (var resource in response.Resources)
        {
            if (resource.Resource_ is not { } body)
            {
                // A name without a body says the resource does not exist (yet); there is nothing to follow.
                continue;
            }

            try
            {
                resources.Add(context.Cache.Get(type, body));
            }
            catch (InvalidProtocolBufferException)
            {
                context.Counters.CountUnreadable();
            }
        }

        _subscriptions.ApplyDelta(type, resources, response.RemovedResources);
        await requests.WriteAsync(new DeltaDiscoveryRequest { TypeUrl = type, ResponseNonce = response.Nonce }, stop).ConfigureAwait(false);
        context.Counters.CountAck();
        if (type == XdsTypeUrls.Route)
        {
            LoadClientChecks.RecordChange(context.Changes, record, resources);
        }

        foreach (var change in _subscriptions.Follow())
        {
            var request = new DeltaDiscoveryRequest
            {
                TypeUrl = change.TypeUrl,
                ResourceNamesSubscribe = { change.Added },
                ResourceNamesUnsubscribe = { change.Removed },
            };
            await requests.WriteAsync(request, stop).ConfigureAwait(false);
        }

        if (_subscriptions.IsSynced)
        {
            record.MarkSynced();
        }
    }
}
