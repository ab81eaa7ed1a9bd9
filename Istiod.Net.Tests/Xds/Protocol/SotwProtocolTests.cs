using System.Diagnostics;
using Envoy.Service.Discovery.V3;
using Istiod.Net.Grpc;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Xds.Protocol.XdsTypeUrls;

namespace Istiod.Net.Tests.Xds.Protocol;

public sealed class SotwProtocolTests
{
    private AdsTestHost _host = null!;

    [SetUp]
    public void SetUp()
    {
        _host = new AdsTestHost();
        _host.Provider.Set(Cluster, TestResources.Cluster("a"), TestResources.Cluster("b"));
        _host.Provider.Set(Endpoint, TestResources.Endpoint("a", "10.0.0.1"), TestResources.Endpoint("b", "10.0.0.2"), TestResources.Endpoint("c", "10.0.0.3"));
        _host.Provider.Set(Listener, TestResources.Listener("l1", 80), TestResources.Listener("l2", 81));
        _host.Provider.Set(Route, TestResources.Route("r1"), TestResources.Route("r2"));
    }

    [TearDown]
    public void TearDown() => _host.Dispose();

    [Test]
    public async Task First_request_without_node_ends_the_stream_with_invalid_argument()
    {
        await using var client = _host.Sotw();
        client.Send(new DiscoveryRequest { TypeUrl = Cluster }, withoutNode: true);

        var error = await ThrowsGrpc(client.Call);
        Assert.That(error.Status, Is.EqualTo(GrpcStatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("node"));
        Assert.That(_host.Provider.Connected, Is.Empty);
    }

    [TestCase(true, GrpcStatusCode.Unauthenticated)]
    [TestCase(false, GrpcStatusCode.InvalidArgument)]
    public async Task A_node_the_provider_refuses_ends_the_stream_with_its_message(bool unauthenticated, GrpcStatusCode expected)
    {
        _host.Provider.Reject = new XdsRejectedException("node id has no namespace", unauthenticated);
        await using var client = _host.Sotw();
        client.Subscribe(Cluster);

        var error = await ThrowsGrpc(client.Call);
        Assert.That(error.Status, Is.EqualTo(expected));
        Assert.That(error.Message, Is.EqualTo("node id has no namespace"));
        Assert.That(_host.Registry.Count, Is.Zero);
    }

    [Test]
    public async Task A_request_without_type_url_ends_the_stream()
    {
        await using var client = _host.Sotw();
        client.Send(new DiscoveryRequest());

        var error = await ThrowsGrpc(client.Call);
        Assert.That(error.Status, Is.EqualTo(GrpcStatusCode.InvalidArgument));
        Assert.That(_host.Provider.Disconnected, Has.Count.EqualTo(1), "a stream that connected is disconnected when it fails");
    }

    [Test]
    public async Task Legacy_wildcard_cds_gets_every_cluster()
    {
        await using var client = _host.Sotw();
        client.Subscribe(Cluster);

        var response = await client.NextAsync();
        Assert.That(SotwTestClient.Names(response), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(response.VersionInfo, Is.EqualTo("v1"));
        Assert.That(_host.Provider.GenerateNames(Cluster), Is.EqualTo(new IReadOnlySet<string>?[] { null }), "wildcard asks the provider for everything");
    }

    [Test]
    public async Task Explicit_wildcard_lds_gets_every_listener_and_stays_wildcard_on_ack()
    {
        await using var client = _host.Sotw();
        client.Subscribe(Listener, "*");
        var response = await client.NextAsync();
        Assert.That(SotwTestClient.Names(response), Is.EqualTo(new[] { "l1", "l2" }));

        client.Ack(response, "*");
        var status = await AckedStatus(Listener, "v1");
        Assert.That(status.Subscribed, Is.EqualTo(new[] { "*" }));
    }

    [Test]
    public async Task Named_eds_gets_only_the_names_asked_even_when_the_provider_returns_more()
    {
        _host.Provider.ReturnUnrequested = true;
        await using var client = _host.Sotw();
        client.Subscribe(Endpoint, "a", "missing");

        var response = await client.NextAsync();
        Assert.That(SotwTestClient.Names(response), Is.EqualTo(new[] { "a" }));
        Assert.That(_host.Provider.GenerateNames(Endpoint).Single(), Is.EquivalentTo(new[] { "a", "missing" }));
    }

    [Test]
    public async Task Empty_eds_request_subscribes_nothing_and_sends_nothing()
    {
        await using var client = _host.Sotw();
        client.Subscribe(Endpoint);
        client.Subscribe(Listener);

        var next = await client.NextAsync();
        Assert.That(next.TypeUrl, Is.EqualTo(Listener), "EDS without names is not a wildcard");
    }

    [Test]
    public async Task Ack_records_the_acked_version_in_the_status()
    {
        await using var client = _host.Sotw();
        client.Subscribe(Cluster);
        var response = await client.NextAsync();
        client.Ack(response);

        var status = await AckedStatus(Cluster, "v1");
        Assert.That(status.SentNonce, Is.EqualTo(response.Nonce));
        Assert.That(status.ResourceCount, Is.EqualTo(2));
        Assert.That(status.Subscribed, Is.EqualTo(new[] { "*" }));
        Assert.That(status.Nack, Is.Null);
    }

    [Test]
    public async Task Nack_is_recorded_and_counted_the_acked_version_kept_and_the_same_state_not_resent()
    {
        await using var client = _host.Sotw();
        client.Subscribe(Cluster);
        var first = await client.NextAsync();
        client.Ack(first);
        await AckedStatus(Cluster, "v1");

        _host.Provider.Put(Cluster, TestResources.Cluster("a", connectTimeoutSeconds: 5));
        _host.Provider.Push("v2", Cluster);
        var second = await client.NextAsync();
        Assert.That(second.VersionInfo, Is.EqualTo("v2"));
        client.Nack(second, "v1", "cluster a: bad timeout");

        var status = await Eventually.Get(() => TypeStatus(Cluster), s => s.Nack is not null, "the NACK in the status");
        Assert.That(status.Nack!.Error, Is.EqualTo("cluster a: bad timeout"));
        Assert.That(status.Nack.Nonce, Is.EqualTo(second.Nonce));
        Assert.That(status.AckedVersion, Is.EqualTo("v1"), "the client keeps what it last accepted");
        Assert.That(_host.MetricsRecorder.Sum("pilot_total_xds_rejects", "CDS"), Is.EqualTo(1));

        // The same content again is not offered; the next response on the stream is the probe's.
        _host.Provider.Push("v3", Cluster);
        client.Subscribe(Listener);
        Assert.That((await client.NextAsync()).TypeUrl, Is.EqualTo(Listener));

        // A real change is.
        _host.Provider.Put(Cluster, TestResources.Cluster("a", connectTimeoutSeconds: 2));
        _host.Provider.Push("v4", Cluster);
        var fixedResponse = await client.NextAsync();
        Assert.That(fixedResponse.TypeUrl, Is.EqualTo(Cluster));
        Assert.That(fixedResponse.VersionInfo, Is.EqualTo("v4"));
    }

    [Test]
    public async Task A_stale_nonce_is_ignored_even_with_new_names()
    {
        await using var client = _host.Sotw();
        client.Subscribe(Endpoint, "a");
        var first = await client.NextAsync();
        _host.Provider.Put(Endpoint, TestResources.Endpoint("a", "10.9.9.9"));
        _host.Provider.Push("v2", Endpoint);
        var second = await client.NextAsync();

        client.Ack(first, "a", "b");
        client.Subscribe(Listener);
        Assert.That((await client.NextAsync()).TypeUrl, Is.EqualTo(Listener), "the stale request got no response");
        Assert.That(TypeStatus(Endpoint).Subscribed, Is.EqualTo(new[] { "a" }));

        client.Ack(second, "a", "b");
        var third = await client.NextAsync();
        Assert.That(SotwTestClient.Names(third), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task A_changed_subscription_gets_the_current_resources_for_it()
    {
        await using var client = _host.Sotw();
        client.Subscribe(Route, "r1");
        var first = await client.NextAsync();
        Assert.That(SotwTestClient.Names(first), Is.EqualTo(new[] { "r1" }));

        client.Ack(first, "r1", "r2");
        var second = await client.NextAsync();
        Assert.That(SotwTestClient.Names(second), Is.EqualTo(new[] { "r1", "r2" }));

        client.Ack(second, "r2");
        var third = await client.NextAsync();
        Assert.That(SotwTestClient.Names(third), Is.EqualTo(new[] { "r2" }));
    }

    [Test]
    public async Task An_empty_list_after_names_unsubscribes_and_nothing_is_sent_later()
    {
        await using var client = _host.Sotw();
        client.Subscribe(Cluster);
        client.Subscribe(Endpoint, "a");
        client.Subscribe(Listener);
        var cds = await client.NextAsync();
        var eds = await client.NextAsync();
        var lds = await client.NextAsync();
        Assert.That(new[] { cds.TypeUrl, eds.TypeUrl, lds.TypeUrl }, Is.EqualTo(new[] { Cluster, Endpoint, Listener }));

        client.Ack(eds);
        await Eventually.True(() => TypeStatus(Endpoint).Subscribed.Count == 0, "the EDS unsubscribe");
        Assert.That(TypeStatus(Endpoint).ResourceCount, Is.Zero, "the client dropped what it held");
        Assert.That(_host.Registry.SentResources(SotwTestClient.DefaultNode)!.Single(s => s.TypeUrl == Endpoint).Resources, Is.Empty);

        _host.Provider.Put(Cluster, TestResources.Cluster("a", 7));
        _host.Provider.Put(Endpoint, TestResources.Endpoint("a", "10.7.7.7"));
        _host.Provider.Put(Listener, TestResources.Listener("l1", 90));
        _host.Provider.Push("v2");

        // Push order is CDS, EDS, LDS: an EDS response would come between these two.
        Assert.That((await client.NextAsync()).TypeUrl, Is.EqualTo(Cluster));
        Assert.That((await client.NextAsync()).TypeUrl, Is.EqualTo(Listener));
    }

    [Test]
    public async Task A_push_sends_only_types_whose_resources_changed_in_push_order()
    {
        await using var client = _host.Sotw();
        client.Subscribe(Route, "r1");
        client.Subscribe(Listener);
        client.Subscribe(Endpoint, "a", "b");
        client.Subscribe(Cluster);
        for (var i = 0; i < 4; i++)
        {
            await client.NextAsync();
        }

        // Everything may have changed, but only EDS and RDS did.
        _host.Provider.Put(Route, TestResources.Route("r1", "example.com"));
        _host.Provider.Put(Endpoint, TestResources.Endpoint("b", "10.2.2.2"));
        _host.Provider.Push("v2");
        var eds = await client.NextAsync();
        var rds = await client.NextAsync();
        Assert.That(eds.TypeUrl, Is.EqualTo(Endpoint));
        Assert.That(SotwTestClient.Names(eds), Is.EqualTo(new[] { "a", "b" }), "SotW responses carry the whole subscribed set");
        Assert.That(rds.TypeUrl, Is.EqualTo(Route));
        Assert.That(rds.VersionInfo, Is.EqualTo("v2"));

        // A push limited to CDS does not send the LDS change; the next response is the later LDS push.
        _host.Provider.Put(Listener, TestResources.Listener("l1", 99));
        _host.Provider.Push("v3", Cluster);
        _host.Provider.Push("v4", Listener);
        var lds = await client.NextAsync();
        Assert.That(lds.TypeUrl, Is.EqualTo(Listener));
        Assert.That(lds.VersionInfo, Is.EqualTo("v4"));

        Assert.That(_host.MetricsRecorder.Sum("pilot_xds_pushes", "EDS"), Is.EqualTo(2));
        Assert.That(_host.MetricsRecorder.Sum("pilot_xds_pushes", "CDS"), Is.EqualTo(1));
        Assert.That(_host.MetricsRecorder.Count("pilot_xds_push_time"), Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task Pushes_arriving_while_one_is_written_merge_into_one()
    {
        await using var client = _host.Sotw();
        client.Subscribe(Cluster);
        await client.NextAsync();

        client.Writer.Hold();
        _host.Provider.Put(Cluster, TestResources.Cluster("a", 2));
        _host.Provider.Push("v2", Cluster);
        await client.Writer.WriteBlocked.DefaultTimeout();

        _host.Provider.Put(Cluster, TestResources.Cluster("a", 3));
        _host.Provider.Push("v3", Cluster);
        _host.Provider.Put(Cluster, TestResources.Cluster("a", 4));
        _host.Provider.Push("v4", Cluster);
        client.Writer.Release();

        Assert.That((await client.NextAsync()).VersionInfo, Is.EqualTo("v2"));
        var merged = await client.NextAsync();
        Assert.That(merged.VersionInfo, Is.EqualTo("v4"));
        Assert.That(
            merged.Resources.Select(r => r.Unpack<Envoy.Config.Cluster.V3.Cluster>()).Single(c => c.Name == "a").ConnectTimeout.Seconds,
            Is.EqualTo(4));

        client.Subscribe(Listener);
        Assert.That((await client.NextAsync()).TypeUrl, Is.EqualTo(Listener));
        Assert.That(_host.Provider.GenerateCount(Cluster), Is.EqualTo(3), "initial request, push v2, one merged push for v3+v4");
    }

    [Test]
    public async Task A_slow_client_does_not_stall_pushes_to_others()
    {
        await using var slow = _host.Sotw("sidecar~10.1.1.1~slow.default~default.svc.cluster.local");
        await using var fast = _host.Sotw("sidecar~10.1.1.2~fast.default~default.svc.cluster.local");
        slow.Subscribe(Cluster);
        fast.Subscribe(Cluster);
        await slow.NextAsync();
        await fast.NextAsync();

        slow.Writer.Hold();
        _host.Provider.Put(Cluster, TestResources.Cluster("b", 9));
        _host.Provider.Push("v2", Cluster);
        await slow.Writer.WriteBlocked.DefaultTimeout();

        Assert.That((await fast.NextAsync()).VersionInfo, Is.EqualTo("v2"));
        slow.Writer.Release();
        Assert.That((await slow.NextAsync()).VersionInfo, Is.EqualTo("v2"));
    }

    [Test]
    public async Task A_push_reaches_only_the_proxies_it_affects()
    {
        await using var one = _host.Sotw("sidecar~10.1.1.1~one.default~default.svc.cluster.local");
        await using var two = _host.Sotw("sidecar~10.1.1.2~two.default~default.svc.cluster.local");
        one.Subscribe(Cluster);
        two.Subscribe(Cluster);
        await one.NextAsync();
        await two.NextAsync();

        _host.Provider.Put(Cluster, TestResources.Cluster("a", 6));
        _host.Provider.Push(new XdsPush("v2", "only two", Affects: proxy => proxy.Id.Contains("~two.")));
        _host.Provider.Push(new XdsPush("v3", "everyone", new HashSet<string> { Listener }));
        one.Subscribe(Listener);
        two.Subscribe(Listener);

        var toTwo = new[] { (await two.NextAsync()).TypeUrl, (await two.NextAsync()).TypeUrl };
        Assert.That(toTwo, Is.EquivalentTo(new[] { Cluster, Listener }));
        Assert.That((await one.NextAsync()).TypeUrl, Is.EqualTo(Listener), "the first proxy got no CDS push");
    }

    [Test]
    public async Task A_reconnecting_client_gets_the_full_state_on_its_new_stream()
    {
        DiscoveryResponse old;
        await using (var first = _host.Sotw())
        {
            first.Subscribe(Cluster);
            old = await first.NextAsync();
            first.Ack(old);
            await AckedStatus(Cluster, "v1");
        }

        await Eventually.True(() => _host.Registry.Count == 0, "the old stream to leave the registry");
        Assert.That(_host.Provider.Disconnected, Has.Count.EqualTo(1));
        Assert.That(_host.MetricsRecorder.Sum("pilot_xds"), Is.Zero);

        await using var second = _host.Sotw();
        second.Send(new DiscoveryRequest { TypeUrl = Cluster, VersionInfo = old.VersionInfo, ResponseNonce = old.Nonce });
        var response = await second.NextAsync();
        Assert.That(SotwTestClient.Names(response), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(_host.Provider.Connected, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_client_closing_its_side_ends_the_call_cleanly()
    {
        await using var client = _host.Sotw();
        client.Subscribe(Cluster);
        await client.NextAsync();
        Assert.That(_host.MetricsRecorder.Sum("pilot_xds"), Is.EqualTo(1));

        client.CloseRequests();
        await client.Call.DefaultTimeout();
        Assert.That(_host.Registry.Count, Is.Zero);
        Assert.That(_host.Provider.Disconnected, Has.Count.EqualTo(1));
        Assert.That(_host.MetricsRecorder.Sum("pilot_xds"), Is.Zero);
    }

    private XdsTypeStatus TypeStatus(string typeUrl) => _host.Registry.Snapshot().Single().Types[typeUrl];

    private Task<XdsTypeStatus> AckedStatus(string typeUrl, string version) => Eventually.Get(
        () => _host.Registry.Snapshot().SingleOrDefault()?.Types.GetValueOrDefault(typeUrl),
        status => status.AckedVersion == version,
        $"{ShortName(typeUrl)} ACK of {version}");

    private static async Task<GrpcException> ThrowsGrpc(Task call)
    {
        try
        {
            await call.DefaultTimeout();
        }
        catch (GrpcException exception)
        {
            return exception;
        }

        Assert.Fail("the stream was expected to end with a gRPC error");
        throw new UnreachableException();
    }
}
