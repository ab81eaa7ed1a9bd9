using System.Globalization;
using Istiod.Net.Grpc;

namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// The parts SotW and Delta streams share: nonces, calling the provider, choosing the resources a client
/// asked for, and the bookkeeping around NACKs and sends.
/// </summary>
/// <param name="recheckCredential">
/// Checks the stream's credential again (token review, certificate validity); null for a stream that proved no identity.
/// </param>
internal sealed class XdsStreamCore(
    XdsStreamDependencies dependencies,
    XdsConnection connection,
    Func<Task<XdsStreamAuthentication>>? recheckCredential = null)
{
    private long _nonce;
    private bool _secretsSent;

    public XdsConnection Connection => connection;

    public XdsStreamDependencies Dependencies => dependencies;

    public string ProxyId => connection.Proxy.Id;

    /// <summary>Unique and increasing within the stream, across all types.</summary>
    public string NextNonce() => (++_nonce).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Asks the provider. A failure while answering a request ends the stream (the client reconnects and
    /// asks again); a failure during a push only skips that type so one bad generator cannot cause a
    /// reconnect storm.
    /// </summary>
    public XdsGeneration? Generate(string typeUrl, IReadOnlySet<string>? names, bool forRequest)
    {
        try
        {
            return dependencies.Provider.Generate(connection.Proxy, typeUrl, names);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.GenerateFailed(dependencies.Logger, exception, XdsTypeUrls.ShortName(typeUrl), ProxyId);
            if (forRequest)
            {
                throw new GrpcException(
                    GrpcStatusCode.Unavailable,
                    $"could not generate {XdsTypeUrls.ShortName(typeUrl)} resources; retry later");
            }

            return null;
        }
    }

    /// <summary>
    /// The resources of a generation the client asked for, each name once and only of the response's type:
    /// a provider that returns more is not trusted to decide what a client receives.
    /// </summary>
    public IReadOnlyList<XdsResource> Select(XdsGeneration generation, string typeUrl, Func<string, bool> wants)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var selected = new List<XdsResource>(generation.Resources.Count);
        foreach (var resource in generation.Resources)
        {
            if (!wants(resource.Name) || !seen.Add(resource.Name))
            {
                continue;
            }

            if (resource.Resource.TypeUrl != typeUrl)
            {
                Log.WrongResourceType(dependencies.Logger, resource.Name, resource.Resource.TypeUrl, ProxyId, typeUrl);
                dependencies.Metrics.InvalidResources.Add(1, TypeTag(typeUrl));
                continue;
            }

            selected.Add(resource);
        }

        return selected;
    }

    /// <summary>
    /// Called before new or changed secrets go out on this stream. The first secrets follow the stream's
    /// authentication; every later send (a renewal, a rotation, another subscription) checks the credential
    /// again, so a token that expired or was revoked, or a client certificate past its validity, gets no
    /// fresh certificate: the stream ends with UNAUTHENTICATED and the proxy must reconnect with a valid one.
    /// </summary>
    public async ValueTask CheckCredentialBeforeSendingAsync(string typeUrl)
    {
        if (typeUrl != XdsTypeUrls.Secret || recheckCredential is null)
        {
            return;
        }

        if (!_secretsSent)
        {
            _secretsSent = true;
            return;
        }

        var peer = connection.Info.PeerIdentity;
        var result = await recheckCredential().ConfigureAwait(false);
        if (result.Outcome == XdsStreamAuthenticationOutcome.Authenticated && result.PeerIdentity == peer)
        {
            return;
        }

        var reason = result.Reason ?? $"it now proves {result.PeerIdentity ?? "no identity"}";
        if (result.Outcome == XdsStreamAuthenticationOutcome.Unavailable)
        {
            dependencies.Metrics.XdsAuthenticationFailures.Add(1, new KeyValuePair<string, object?>("outcome", "recheck-unavailable"));
            StreamIdentityLog.CredentialRecheckUnavailable(dependencies.Logger, ProxyId, connection.ConnectionId, reason);
            throw new GrpcException(GrpcStatusCode.Unavailable, $"the stream's credential could not be checked again before new secrets, retry later: {reason}");
        }

        dependencies.Metrics.XdsAuthenticationFailures.Add(1, new KeyValuePair<string, object?>("outcome", "no-longer-valid"));
        StreamIdentityLog.CredentialNoLongerValid(dependencies.Logger, ProxyId, connection.ConnectionId, peer, reason);
        throw new GrpcException(
            GrpcStatusCode.Unauthenticated,
            $"the stream's credential for {peer} is no longer valid, so no new secret is served; reconnect with a valid one: {reason}");
    }

    public XdsNackStatus RecordNack(string typeUrl, string nonce, string? error)
    {
        var message = string.IsNullOrEmpty(error) ? "(no message)" : error;
        var nack = new XdsNackStatus(message, nonce, dependencies.Time.GetUtcNow());
        dependencies.Metrics.Rejects.Add(1, TypeTag(typeUrl));
        Log.Nack(dependencies.Logger, ProxyId, connection.ConnectionId, XdsTypeUrls.ShortName(typeUrl), nonce, message);
        return nack;
    }

    public void RecordAck(string typeUrl, string version, string nonce) =>
        Log.Ack(dependencies.Logger, ProxyId, connection.ConnectionId, XdsTypeUrls.ShortName(typeUrl), version, nonce);

    public void RecordStale(string typeUrl, string nonce, string? latest) =>
        Log.StaleNonce(dependencies.Logger, ProxyId, connection.ConnectionId, XdsTypeUrls.ShortName(typeUrl), nonce, latest);

    public void RecordUnsubscribe(string typeUrl) =>
        Log.Unsubscribed(dependencies.Logger, ProxyId, connection.ConnectionId, XdsTypeUrls.ShortName(typeUrl));

    public void RecordSent(string typeUrl, string version, string nonce, int count, int removed)
    {
        dependencies.Metrics.Pushes.Add(1, TypeTag(typeUrl));
        Log.Sent(dependencies.Logger, XdsTypeUrls.ShortName(typeUrl), ProxyId, connection.ConnectionId, version, nonce, count, removed);
    }

    public void RecordPushTime(long startedAt) =>
        dependencies.Metrics.PushTime.Record(dependencies.Time.GetElapsedTime(startedAt).TotalSeconds);

    private static KeyValuePair<string, object?> TypeTag(string typeUrl) => new("type", XdsTypeUrls.ShortName(typeUrl));
}
