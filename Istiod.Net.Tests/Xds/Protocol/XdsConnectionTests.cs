using System.Net;
using Envoy.Config.Core.V3;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Xds.Protocol.XdsTypeUrls;

namespace Istiod.Net.Tests.Xds.Protocol;

public sealed class XdsConnectionTests
{
    [Test]
    public void Pending_pushes_merge_into_one_with_the_union_of_types_and_the_latest_version()
    {
        var connection = NewConnection();
        connection.EnqueuePush(new XdsPush("v1", "endpoints", new HashSet<string> { Endpoint }));
        connection.EnqueuePush(new XdsPush("v2", "routes", new HashSet<string> { Route, Endpoint }));

        var merged = connection.TakePush();
        Assert.That(merged, Is.Not.Null);
        Assert.That(merged!.Version, Is.EqualTo("v2"));
        Assert.That(merged.Types, Is.EquivalentTo(new[] { Endpoint, Route }));
        Assert.That(merged.Reason, Does.Contain("endpoints").And.Contain("routes"));
        Assert.That(connection.TakePush(), Is.Null, "the merged push is taken once");
    }

    [Test]
    public void A_push_for_all_types_merged_with_a_narrow_one_stays_for_all_types()
    {
        var connection = NewConnection();
        connection.EnqueuePush(new XdsPush("v1", "config", new HashSet<string> { Cluster }));
        connection.EnqueuePush(new XdsPush("v2", "full"));

        var merged = connection.TakePush();
        Assert.That(merged!.Types, Is.Null);
        Assert.That(merged.MayChange(Secret), Is.True);
    }

    [Test]
    public void Only_one_signal_waits_however_many_pushes_arrive()
    {
        var connection = NewConnection();
        for (var i = 0; i < 5; i++)
        {
            connection.EnqueuePush(new XdsPush($"v{i}", "burst"));
        }

        Assert.That(connection.PushSignals.TryRead(out _), Is.True);
        Assert.That(connection.PushSignals.TryRead(out _), Is.False);
        Assert.That(connection.TakePush()!.Version, Is.EqualTo("v4"));
    }

    private static XdsConnection NewConnection()
    {
        var info = new XdsConnectionInfo("c1", new IPEndPoint(IPAddress.Loopback, 1), 15010, false, null, new Dictionary<string, string>());
        return new XdsConnection("p-1", new TestProxy("p", new Node { Id = "p" }, info), info, XdsStreamProtocol.Sotw, DateTimeOffset.UnixEpoch);
    }
}
