using Envoy.Service.Discovery.V3;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Xds.Protocol.XdsTypeUrls;

namespace Istiod.Net.Tests.Xds.Protocol;

public sealed class DeltaProtocolTests
{
    private AdsTestHost _host = null!;

    [SetUp]
    public void SetUp()
    {
        _host = new AdsTestHost();
        _host.Provider.Set(Cluster, TestResources.Cluster("a"), TestResources.Cluster("b"));
        _host.Provider.Set(Endpoint, TestResources.Endpoint("a", "10.0.0.1"), TestResources.Endpoint("b", "10.0.0.2"));
        _host.Provider.Set(Listener, TestResources.Listener("l1", 80));
    }

    [TearDown]
    public void TearDown() => _host.Dispose();

    [Test]
    public async Task First_cds_request_without_names_is_a_wildcard_and_gets_everything_with_versions()
    {
        await using var client = _host.Delta();
        client.Subscribe(Cluster);

        var response = await client.NextAsync();
        Assert.That(DeltaTestClient.Names(response), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(response.SystemVersionInfo, Is.EqualTo("v1"));
        Assert.That(response.Resources.Single(r => r.Name == "a").Version, Is.EqualTo(TestResources.Cluster("a").Version));
        Assert.That(response.RemovedResources, Is.Empty);
        Assert.That(_host.Registry.Snapshot().Single().Protocol, Is.EqualTo(XdsStreamProtocol.Delta));
    }

    [Test]
    public async Task Resources_the_client_already_has_at_the_same_version_are_not_sent_again()
    {
        await using var client = _host.Delta();
        client.Send(new DeltaDiscoveryRequest
        {
            TypeUrl = Cluster,
            InitialResourceVersions =
            {
                ["a"] = TestResources.Cluster("a").Version,
                ["b"] = "an-older-version",
                ["gone"] = "whatever",
            },
        });

        var response = await client.NextAsync();
        Assert.That(DeltaTestClient.Names(response), Is.EqualTo(new[] { "b" }));
        Assert.That(response.RemovedResources, Is.EqualTo(new[] { "gone" }), "a wildcard client is told what vanished while it was away");
    }

    [Test]
    public async Task The_first_response_is_sent_even_when_the_client_is_up_to_date()
    {
        await using var client = _host.Delta();
        client.Send(new DeltaDiscoveryRequest
        {
            TypeUrl = Listener,
            InitialResourceVersions = { ["l1"] = TestResources.Listener("l1", 80).Version },
        });

        var response = await client.NextAsync();
        Assert.That(response.Resources, Is.Empty);
        Assert.That(response.RemovedResources, Is.Empty);
    }

    [Test]
    public async Task Subscribe_sends_only_the_new_names_and_unsubscribed_names_get_no_more_updates()
    {
        await using var client = _host.Delta();
        client.Subscribe(Endpoint, "a");
        var first = await client.NextAsync();
        Assert.That(DeltaTestClient.Names(first), Is.EqualTo(new[] { "a" }));

        client.Subscribe(Endpoint, "b");
        var second = await client.NextAsync();
        Assert.That(DeltaTestClient.Names(second), Is.EqualTo(new[] { "b" }), "a is already held");

        client.Unsubscribe(Endpoint, "a");
        await Eventually.True(() => TypeStatus(Endpoint).Subscribed.SequenceEqual(["b"]), "the unsubscribe of a");

        _host.Provider.Put(Endpoint, TestResources.Endpoint("a", "10.5.5.5"));
        _host.Provider.Put(Endpoint, TestResources.Endpoint("b", "10.6.6.6"));
        _host.Provider.Push("v2", Endpoint);
        var pushed = await client.NextAsync();
        Assert.That(DeltaTestClient.Names(pushed), Is.EqualTo(new[] { "b" }));
        Assert.That(pushed.RemovedResources, Is.Empty);
    }

    [Test]
    public async Task A_deleted_resource_is_sent_in_removed_resources()
    {
        await using var client = _host.Delta();
        client.Subscribe(Cluster);
        await client.NextAsync();

        _host.Provider.Remove(Cluster, "b");
        _host.Provider.Push("v2", Cluster);
        var response = await client.NextAsync();
        Assert.That(response.Resources, Is.Empty);
        Assert.That(response.RemovedResources, Is.EqualTo(new[] { "b" }));
        Assert.That(client.Held[Cluster].Keys, Is.EquivalentTo(new[] { "a" }));
        Assert.That(TypeStatus(Cluster).ResourceCount, Is.EqualTo(1));
    }

    [Test]
    public async Task A_named_resource_that_does_not_exist_is_reported_removed_once()
    {
        await using var client = _host.Delta();
        client.Subscribe(Endpoint, "a", "nope");
        var response = await client.NextAsync();
        Assert.That(DeltaTestClient.Names(response), Is.EqualTo(new[] { "a" }));
        Assert.That(response.RemovedResources, Is.EqualTo(new[] { "nope" }));

        // Nothing changed: a push sends nothing (the next response is the probe's).
        _host.Provider.Push("v2", Endpoint);
        client.Subscribe(Listener);
        Assert.That((await client.NextAsync()).TypeUrl, Is.EqualTo(Listener));

        // When it appears, it is sent.
        _host.Provider.Put(Endpoint, TestResources.Endpoint("nope", "10.3.3.3"));
        _host.Provider.Push("v3", Endpoint);
        var appeared = await client.NextAsync();
        Assert.That(DeltaTestClient.Names(appeared), Is.EqualTo(new[] { "nope" }));
    }

    [Test]
    public async Task Star_subscribes_to_everything_for_any_type()
    {
        await using var client = _host.Delta();
        client.Subscribe(Endpoint, "*");
        var response = await client.NextAsync();
        Assert.That(DeltaTestClient.Names(response), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(TypeStatus(Endpoint).Subscribed, Is.EqualTo(new[] { "*" }));
    }

    [Test]
    public async Task A_push_sends_only_the_changed_resources()
    {
        await using var client = _host.Delta();
        client.Subscribe(Cluster);
        client.Ack(await client.NextAsync());

        _host.Provider.Put(Cluster, TestResources.Cluster("a", 8));
        _host.Provider.Put(Cluster, TestResources.Cluster("c"));
        _host.Provider.Push("v2");
        var response = await client.NextAsync();
        Assert.That(DeltaTestClient.Names(response), Is.EqualTo(new[] { "a", "c" }));
        Assert.That(response.SystemVersionInfo, Is.EqualTo("v2"));
    }

    [Test]
    public async Task Ack_and_nack_are_recorded_and_a_rejected_state_is_not_resent()
    {
        await using var client = _host.Delta();
        client.Subscribe(Cluster);
        var first = await client.NextAsync();
        client.Ack(first);
        await Eventually.True(() => TypeStatus(Cluster).AckedVersion == "v1", "the ACK");

        _host.Provider.Put(Cluster, TestResources.Cluster("a", 3));
        _host.Provider.Push("v2", Cluster);
        var second = await client.NextAsync();
        client.Nack(second, "cluster a rejected");
        var status = await Eventually.Get(() => TypeStatus(Cluster), s => s.Nack is not null, "the NACK");
        Assert.That(status.Nack!.Error, Is.EqualTo("cluster a rejected"));
        Assert.That(status.Nack.Nonce, Is.EqualTo(second.Nonce));
        Assert.That(status.AckedVersion, Is.EqualTo("v1"));
        Assert.That(_host.MetricsRecorder.Sum("pilot_total_xds_rejects", "CDS"), Is.EqualTo(1));

        _host.Provider.Push("v3", Cluster);
        client.Subscribe(Listener);
        Assert.That((await client.NextAsync()).TypeUrl, Is.EqualTo(Listener), "the rejected cluster was not offered again");
    }

    [Test]
    public async Task A_stale_ack_is_ignored_but_its_subscription_change_applies()
    {
        await using var client = _host.Delta();
        client.Subscribe(Endpoint, "a");
        var first = await client.NextAsync();
        _host.Provider.Put(Endpoint, TestResources.Endpoint("a", "10.8.8.8"));
        _host.Provider.Push("v2", Endpoint);
        await client.NextAsync();

        client.Send(new DeltaDiscoveryRequest { TypeUrl = Endpoint, ResponseNonce = first.Nonce, ResourceNamesSubscribe = { "b" } });
        var response = await client.NextAsync();
        Assert.That(DeltaTestClient.Names(response), Is.EqualTo(new[] { "b" }));
        Assert.That(TypeStatus(Endpoint).AckedVersion, Is.Null, "the stale nonce acknowledged nothing");
    }

    [Test]
    public async Task A_reconnect_with_initial_versions_gets_only_what_changed_meanwhile()
    {
        Dictionary<string, string> held;
        await using (var first = _host.Delta())
        {
            first.Subscribe(Cluster);
            await first.NextAsync();
            held = new Dictionary<string, string>(first.Held[Cluster]);
        }

        _host.Provider.Put(Cluster, TestResources.Cluster("b", 4));
        await using var second = _host.Delta();
        second.Send(new DeltaDiscoveryRequest { TypeUrl = Cluster, InitialResourceVersions = { held } });
        var response = await second.NextAsync();
        Assert.That(DeltaTestClient.Names(response), Is.EqualTo(new[] { "b" }));
    }

    private XdsTypeStatus TypeStatus(string typeUrl) => _host.Registry.Snapshot().Single().Types[typeUrl];
}
