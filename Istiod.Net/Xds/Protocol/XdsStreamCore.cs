using System.Globalization;
using Istiod.Net.Diagnostics;
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
    /// <summary>
    /// Type URLs this control plane does not serve that one stream may subscribe to (each gets empty
    /// responses). Envoy asks for a few such (ECDS, Istio's NameTable); more is a broken or hostile client.
    /// </summary>
    public const int MaxUnknownTypesPerStream = 8;

    /// <summary>Longer than any real type URL (the longest Envoy one is about 100 characters).</summary>
    public const int MaxTypeUrlLength = 256;

    private long _nonce;
    private int _unknownTypes;
    private bool _secretsSent;

    public XdsConnection Connection => connection;

    public XdsStreamDependencies Dependencies => dependencies;

    public string ProxyId => connection.Proxy.Id;

    /// <summary>
    /// Called before a stream keeps state for a type it has not seen. Refuses, by ending the stream with
    /// INVALID_ARGUMENT (Envoy logs the message and reconnects), a type URL longer than
    /// <see cref="MaxTypeUrlLength"/> or more than <see cref="MaxUnknownTypesPerStream"/> types we do not
    /// serve: without a cap each one is state (and, before, a metric series) a client could add without end.
    /// </summary>
    public void AdmitNewType(string typeUrl)
    {
        if (typeUrl.Length > MaxTypeUrlLength)
        {
            Log.TypeRefused(dependencies.Logger, ProxyId, connection.ConnectionId, typeUrl, $"type_url is longer than {MaxTypeUrlLength} characters");
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"type_url of {typeUrl.Length} characters: at most {MaxTypeUrlLength} are accepted");
        }

        if (XdsTypeUrls.IsKnown(typeUrl) || ++_unknownTypes <= MaxUnknownTypesPerStream)
        {
            return;
        }

        Log.TypeRefused(dependencies.Logger, ProxyId, connection.ConnectionId, typeUrl, $"more than {MaxUnknownTypesPerStream} type URLs this control plane does not serve on one stream");
        throw new GrpcException(
            GrpcStatusCode.InvalidArgument,
            $"too many type URLs this control plane does not serve on one stream (at most {MaxUnknownTypesPerStream}); it serves {string.Join(", ", XdsTypeUrls.PushOrder)}");
    }

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
            Log.GenerateFailed(dependencies.Logger, exception, TypeForLog(typeUrl), ProxyId);
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
                Log.WrongResourceType(dependencies.Logger, resource.Name, resource.Resource.TypeUrl, ProxyId, TypeForLog(typeUrl));
                dependencies.Metrics.InvalidResources.Add(1, TypeTag(typeUrl));
                continue;
            }

            selected.Add(resource);
        }

        return selected;
    }

    /// <summary>Longest NACK message kept for /debug/syncz; a client may send megabytes.</summary>
    public const int MaxKeptNackLength = 4096;

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

    /// <summary>
    /// Records a NACK of the response <paramref name="nonce"/>. Only the first NACK of a nonce is logged (at
    /// warning) and counted in pilot_total_xds_rejects; a client that NACKs the same response again and again
    /// is counted in istiod_xds_repeated_nacks and logged at debug, without its message, so it cannot fill
    /// the log (issue 13: 476 MB in 5 s).
    /// </summary>
    public XdsNackStatus RecordNack(string typeUrl, string nonce, string? error, XdsNackStatus? last)
    {
        if (last is not null && last.Nonce == nonce)
        {
            dependencies.Metrics.RepeatedNacks.Add(1, TypeTag(typeUrl));
            Log.RepeatedNack(dependencies.Logger, ProxyId, connection.ConnectionId, TypeForLog(typeUrl), nonce);
            return last;
        }

        var message = string.IsNullOrEmpty(error) ? "(no message)" : error;
        var nack = new XdsNackStatus(LogText.Client(message, MaxKeptNackLength), nonce, dependencies.Time.GetUtcNow());
        dependencies.Metrics.Rejects.Add(1, TypeTag(typeUrl));
        Log.Nack(dependencies.Logger, ProxyId, connection.ConnectionId, TypeForLog(typeUrl), nonce, message);
        return nack;
    }

    public void RecordAck(string typeUrl, string version, string nonce) =>
        Log.Ack(dependencies.Logger, ProxyId, connection.ConnectionId, TypeForLog(typeUrl), version, nonce);

    public void RecordStale(string typeUrl, string nonce, string? latest) =>
        Log.StaleNonce(dependencies.Logger, ProxyId, connection.ConnectionId, TypeForLog(typeUrl), nonce, latest);

    public void RecordUnsubscribe(string typeUrl) =>
        Log.Unsubscribed(dependencies.Logger, ProxyId, connection.ConnectionId, TypeForLog(typeUrl));

    public void RecordSent(string typeUrl, string version, string nonce, int count, int removed)
    {
        dependencies.Metrics.Pushes.Add(1, TypeTag(typeUrl));
        Log.Sent(dependencies.Logger, TypeForLog(typeUrl), ProxyId, connection.ConnectionId, version, nonce, count, removed);
    }

    /// <summary>pilot_xds_push_time: generating and sending one response of one type.</summary>
    public void RecordPushTime(string typeUrl, long startedAt) =>
        dependencies.Metrics.PushTime.Record(dependencies.Time.GetElapsedTime(startedAt).TotalSeconds, TypeTag(typeUrl));

    /// <summary>pilot_proxy_queue_time: how long the push waited for this stream's loop to take it.</summary>
    public void RecordQueueTime(XdsPush push)
    {
        if (push.EnqueuedAt is { } at)
        {
            dependencies.Metrics.ProxyQueueTime.Record(Seconds(at));
        }
    }

    /// <summary>pilot_proxy_convergence_time: from the triggering change until this proxy was sent it.</summary>
    public void RecordConvergence(XdsPush push)
    {
        if (push.TriggeredAt is { } at)
        {
            dependencies.Metrics.ProxyConvergenceTime.Record(Seconds(at));
        }
    }

    private double Seconds(DateTimeOffset since) => Math.Max(0, (dependencies.Time.GetUtcNow() - since).TotalSeconds);

    /// <summary>The short name of a type we serve, the client's text (escaped by the log methods) otherwise.</summary>
    private static string TypeForLog(string typeUrl) => XdsTypeUrls.IsKnown(typeUrl) ? XdsTypeUrls.ShortName(typeUrl) : typeUrl;

    private static KeyValuePair<string, object?> TypeTag(string typeUrl) => new("type", XdsTypeUrls.Label(typeUrl));
}
