using Envoy.Service.Discovery.V3;
using Istiod.Net.Grpc;

namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// The state-of-the-world protocol on one stream: subscriptions per type, ACK/NACK by nonce, and responses
/// that always carry every resource the client asked for.
/// </summary>
internal sealed class SotwStream(
    XdsStreamCore core,
    IGrpcStreamWriter<DiscoveryResponse> writer,
    CancellationToken cancellationToken) : IXdsStreamHandler<DiscoveryRequest>
{
    private readonly Dictionary<string, SotwTypeState> _types = new(StringComparer.Ordinal);

    public async ValueTask HandleRequestAsync(DiscoveryRequest request)
    {
        var typeUrl = request.TypeUrl;
        if (string.IsNullOrEmpty(typeUrl))
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "DiscoveryRequest.type_url is required on an aggregated stream");
        }

        if (!_types.TryGetValue(typeUrl, out var state))
        {
            // First request for the type on this stream. Its nonce, if any, belongs to an earlier stream
            // (a reconnect), so it is a subscription and gets the full current state.
            core.AdmitNewType(typeUrl);
            state = new SotwTypeState();
            _types[typeUrl] = state;
            state.ApplyNames(request.ResourceNames, typeUrl);
            if (state.Subscribed)
            {
                await RespondAsync(typeUrl, state, force: true, forRequest: true).ConfigureAwait(false);
            }

            Publish(typeUrl, state);
            return;
        }

        if (request.ResponseNonce != (state.SentNonce ?? string.Empty))
        {
            core.RecordStale(typeUrl, request.ResponseNonce, state.SentNonce);
            return;
        }

        if (request.ErrorDetail is not null)
        {
            // The client keeps what it last accepted; the rejected state stays recorded as sent so the same
            // resources are not offered again, only a change is.
            state.Nack = core.RecordNack(typeUrl, request.ResponseNonce, request.ErrorDetail.Message, state.Nack);
        }
        else if (state.SentNonce is not null)
        {
            state.AckedVersion = request.VersionInfo;
            core.RecordAck(typeUrl, request.VersionInfo, request.ResponseNonce);
        }

        var wasSubscribed = state.Subscribed;
        if (state.ApplyNames(request.ResourceNames, typeUrl))
        {
            if (state.Subscribed)
            {
                await RespondAsync(typeUrl, state, force: true, forRequest: true).ConfigureAwait(false);
            }
            else if (wasSubscribed)
            {
                state.ForgetResources();
                core.RecordUnsubscribe(typeUrl);
            }
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

    /// <summary>Sends the current resources of a type; without <paramref name="force"/> only when they changed.</summary>
    private async ValueTask<bool> RespondAsync(string typeUrl, SotwTypeState state, bool force, bool forRequest)
    {
        var startedAt = core.Dependencies.Time.GetTimestamp();
        var generation = core.Generate(typeUrl, state.Wildcard ? null : state.Names, forRequest);
        if (generation is null)
        {
            return false;
        }

        var resources = core.Select(generation, typeUrl, state.Wants);
        var same = state.SameAsSent(resources);
        if (!force && same)
        {
            return false;
        }

        if (!same)
        {
            await core.CheckCredentialBeforeSendingAsync(typeUrl).ConfigureAwait(false);
        }

        var nonce = core.NextNonce();
        var response = new DiscoveryResponse
        {
            VersionInfo = generation.VersionInfo,
            TypeUrl = typeUrl,
            Nonce = nonce,
        };
        foreach (var resource in resources)
        {
            response.Resources.Add(resource.Resource);
        }

        await writer.WriteAsync(response, cancellationToken).ConfigureAwait(false);
        state.RecordSent(generation.VersionInfo, nonce, resources);
        core.RecordSent(typeUrl, generation.VersionInfo, nonce, resources.Count, removed: 0);
        core.RecordPushTime(typeUrl, startedAt);
        return true;
    }

    private void Publish(string typeUrl, SotwTypeState state) => core.Connection.Publish(
        typeUrl,
        state.ToStatus(),
        state.SentVersion is null ? null : new XdsSentResources(typeUrl, state.SentVersion, state.SentResources));
}
