using Istiod.Net.Load.Clients;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Bench;

/// <summary>How a simulated client derives what it subscribes to from what it received.</summary>
public sealed class ClientSubscriptionsTests
{
    [Test]
    public void Follows_listener_to_routes_to_clusters_to_endpoints_and_is_synced_only_when_all_arrived()
    {
        var subs = new ClientSubscriptions(["a:80"]);
        subs.ApplySotw(XdsTypeUrls.Listener, [Refs("a:80", "a:80")]);
        var afterListener = subs.Follow();
        subs.ApplySotw(XdsTypeUrls.Route, [Refs("a:80", "outbound|80|v1|a", "outbound|80||b")]);
        var afterRoutes = subs.Follow();
        subs.ApplySotw(XdsTypeUrls.Cluster, [Refs("outbound|80|v1|a", "outbound|80|v1|a"), Refs("outbound|80||b", "outbound|80||b")]);
        var afterClusters = subs.Follow();
        var syncedBeforeEndpoints = subs.IsSynced;
        subs.ApplySotw(XdsTypeUrls.Endpoint, [Refs("outbound|80|v1|a"), Refs("outbound|80||b")]);

        Assert.Multiple(() =>
        {
            Assert.That(afterListener.Single().Added, Is.EqualTo(new[] { "a:80" }));
            Assert.That(afterRoutes.Single().TypeUrl, Is.EqualTo(XdsTypeUrls.Cluster));
            Assert.That(afterClusters.Single().Added, Is.EqualTo(new[] { "outbound|80|v1|a", "outbound|80||b" }));
            Assert.That(syncedBeforeEndpoints, Is.False);
            Assert.That(subs.IsSynced, Is.True);
        });
    }

    [Test]
    public void A_cluster_no_longer_routed_to_is_unsubscribed_with_its_endpoints()
    {
        var subs = new ClientSubscriptions(["a:80"]);
        subs.ApplyDelta(XdsTypeUrls.Listener, [Refs("a:80", "a:80")], []);
        subs.ApplyDelta(XdsTypeUrls.Route, [Refs("a:80", "c1", "c2")], []);
        subs.ApplyDelta(XdsTypeUrls.Cluster, [Refs("c1", "e1"), Refs("c2", "e2")], []);
        subs.Follow();

        subs.ApplyDelta(XdsTypeUrls.Route, [Refs("a:80", "c1")], []);
        var changes = subs.Follow();

        Assert.Multiple(() =>
        {
            Assert.That(changes.Select(c => (c.TypeUrl, string.Join(",", c.Removed))), Is.EqualTo(new[]
            {
                (XdsTypeUrls.Cluster, "c2"),
                (XdsTypeUrls.Endpoint, "e2"),
            }));
            Assert.That(subs.Wanted(XdsTypeUrls.Endpoint), Is.EquivalentTo(new[] { "e1" }));
        });
    }

    [Test]
    public void A_state_of_the_world_listener_response_replaces_what_the_client_had()
    {
        var subs = new ClientSubscriptions(["a:80", "b:80"]);
        subs.ApplySotw(XdsTypeUrls.Listener, [Refs("a:80", "ra"), Refs("b:80", "rb")]);
        subs.Follow();

        subs.ApplySotw(XdsTypeUrls.Listener, [Refs("a:80", "ra")]);
        var changes = subs.Follow();

        Assert.That(changes.Single().Removed, Is.EqualTo(new[] { "rb" }));
    }

    private static ResourceRefs Refs(string name, params string[] references) => new(name, references, ResourceRefs.NoWeights);
}
