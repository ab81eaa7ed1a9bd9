using Envoy.Service.Discovery.V3;
using Istiod.Net.Grpc;

namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// The incremental (delta) protocol on one stream: subscribe/unsubscribe deltas, per-resource versions,
/// and responses that carry only what changed plus the names removed.
/// </summary>
internal sealed class DeltaStream(
    XdsStreamCore core,
    IGrpcStreamWriter<DeltaDiscoveryResponse> writer,
    CancellationToken cancellationToken) : IXdsStreamHandler<DeltaDiscoveryRequest>
{
    private readonly Dictionary<string, DeltaTypeState> _types = new(StringComparer.Ordinal);

    public async ValueTask HandleRequestAsync(DeltaDiscoveryRequest request)
    {
        var typeUrl = request.TypeUrl;
        if (string.IsNullOrEmpty(typeUrl))
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "DeltaDiscoveryRequest.type_url is required on an aggregated stream");
        }

        if (!_types.TryGetValue(typeUrl, out var state))
        {
            core.AdmitNewType(typeUrl);
            state = new DeltaTypeState();
            _types[typeUrl] = state;
            state.SetInitialVersions(request.InitialResourceVersions);
            if (request.ResourceNamesSubscribe.Count == 0 && XdsTypeUrls.IsWildcardByDefault(typeUrl))
            {
                state.StartWildcard();
            }

            state.Subscribe(request.ResourceNamesSubscribe);
            state.Unsubscribe(request.ResourceNamesUnsubscribe);

            // Always answer the first request of a type, even with nothing, so the client's initial fetch
            // completes instead of waiting for a timeout.
            await RespondAsync(typeUrl, state, force: true, forRequest: true).ConfigureAwait(false);
            Publish(typeUrl, state);
            return;
        }

        if (request.ResponseNonce.Length > 0)
        {
            if (request.ResponseNonce != state.SentNonce)
            {
                core.RecordStale(typeUrl, request.ResponseNonce, state.SentNonce);
            }
            else if (request.ErrorDetail is not null)
            {
                state.Nack = core.RecordNack(typeUrl, request.ResponseNonce, request.ErrorDetail.Message, state.Nack);
            }
            else
            {
                state.AckedVersion = state.SentVersion;
                core.RecordAck(typeUrl, state.SentVersion ?? string.Empty, request.ResponseNonce);
            }
        }

        // Subscription changes are deltas: dropping one (even from a stale request) would leave the two
        // sides disagreeing for the rest of the stream, so they always apply.
        var wasSubscribed = state.Subscribed;
        var added = state.Subscribe(request.ResourceNamesSubscribe);
        state.Unsubscribe(request.ResourceNamesUnsubscribe);
        if (added)
        {
            await RespondAsync(typeUrl, state, force: false, forRequest: true).ConfigureAwait(false);
        }
        else if (wasSubscribed && !state.Subscribed)
        {
            core.RecordUnsubscribe(typeUrl);
        }

        Publish(typeUrl, state);
    }

    public async ValueTask HandlePushAsync(XdsPush push)
    {
        core.RecordQueueTime(push);
        var sent = false;
        foreach (var typeUrl in XdsTypeOrder.Sort(_types.Keys))
        {
            var state = _types[typeUrl];
            if (!state.Subscribed || !push.MayChange(typeUrl))
            {
                continue;
            }

            if (await RespondAsync(typeUrl, state, force: false, forRequest: false).ConfigureAwait(false))
            {
                Publish(typeUrl, state);
                sent = true;
            }
        }

        // A proxy the change did not alter was not waiting for anything: it has not "converged".
        if (sent)
        {
            core.RecordConvergence(push);
        }
    }

    /// <summary>Sends what changed for the client; without <paramref name="force"/> nothing when nothing did.</summary>
    private async ValueTask<bool> RespondAsync(string typeUrl, DeltaTypeState state, bool force, bool forRequest)
    {
        var startedAt = core.Dependencies.Time.GetTimestamp();
        XdsGeneration generation;
        if (state.Subscribed)
        {
            var generated = core.Generate(typeUrl, state.Wildcard ? null : state.Names, forRequest);
            if (generated is null)
            {
                return false;
            }

            generation = generated;
        }
        else
        {
            generation = new XdsGeneration(state.SentVersion ?? string.Empty, []);
        }

        var current = core.Select(generation, typeUrl, state.Wants);
        var (changed, removed) = state.Diff(current);
        if (!force && changed.Count == 0 && removed.Count == 0)
        {
            return false;
        }

        if (changed.Count > 0)
        {
            await core.CheckCredentialBeforeSendingAsync(typeUrl).ConfigureAwait(false);
        }

        var nonce = core.NextNonce();
        var response = new DeltaDiscoveryResponse
        {
            SystemVersionInfo = generation.VersionInfo,
            TypeUrl = typeUrl,
            Nonce = nonce,
        };
        foreach (var resource in changed)
        {
            response.Resources.Add(new Resource
            {
                Name = resource.Name,
                Version = resource.Version,
                Resource_ = resource.Resource,
            });
        }

        response.RemovedResources.Add(removed);
        await writer.WriteAsync(response, cancellationToken).ConfigureAwait(false);
        state.RecordSent(generation.VersionInfo, nonce, current, changed, removed);
        core.RecordSent(typeUrl, generation.VersionInfo, nonce, changed.Count, removed.Count);
        core.RecordPushTime(typeUrl, startedAt);
        return true;
    }

    private void Publish(string typeUrl, DeltaTypeState state) => core.Connection.Publish(
        typeUrl,
        state.ToStatus(),
        state.SentVersion is null ? null : new XdsSentResources(typeUrl, state.SentVersion, state.Current));
}
