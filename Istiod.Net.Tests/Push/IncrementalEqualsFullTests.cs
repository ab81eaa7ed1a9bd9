using Istiod.Net.Push;
using Istiod.Net.Tests.Push.Differential;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Push;

/// <summary>
/// Incremental pushes serve what a full generation would: random config edits (every kind the edit
/// generator writes, add/change/delete) pushed through one long-lived provider and cache, compared after each
/// edit with a fresh provider, byte for byte, for sidecars, a gateway and proxyless gRPC clients. A dependency a
/// generator forgets to declare leaves a stale cache entry that this test names (seed, edit, proxy, type, name).
/// </summary>
[TestFixture]
public sealed class IncrementalEqualsFullTests
{
    private const int Edits = 30;

    private static IEnumerable<int> Seeds() => Enumerable.Range(1, 20);

    [TestCaseSource(nameof(Seeds))]
    public void IncrementalPushesEqualAFullGeneration(int seed)
    {
        var mismatch = DifferentialRun.FirstMismatch(seed, Edits, DifferentialRun.ProductionTable());

        Assert.That(mismatch, Is.Null, mismatch);
    }

    /// <summary>
    /// The test's own test: a generator that stops reporting one kind of read (a removed <c>read.Add</c>) keeps
    /// its resources cached across edits of that kind, and some seed must say so, for the resource type.
    /// </summary>
    [TestCase("CDS", DependencyKind.DestinationRule, null)]
    [TestCase("RDS", DependencyKind.VirtualService, null)]
    [TestCase("LDS", DependencyKind.ConfigKind, "PeerAuthentication")]
    [TestCase("EDS", DependencyKind.Endpoints, null)]
    public void ARemovedDependencyIsCaught(string type, DependencyKind kind, string? name)
    {
        var typeUrl = new[] { XdsTypeUrls.Listener, XdsTypeUrls.Route, XdsTypeUrls.Cluster, XdsTypeUrls.Endpoint }.Single(t => XdsTypeUrls.ShortName(t) == type);
        var table = DependencyDroppingGenerator.Wrap(DifferentialRun.ProductionTable(), typeUrl, d => d.Kind == kind && (name is null || d.Name == name));

        var mismatch = Seeds().Select(seed => DifferentialRun.FirstMismatch(seed, Edits, table)).FirstOrDefault(m => m is not null);

        Assert.That(mismatch, Is.Not.Null, $"no seed noticed {type} resources that ignore {kind} {name} edits");
        Assert.That(mismatch, Does.Contain(type), mismatch);
        TestContext.Out.WriteLine(mismatch);
    }

    /// <summary>
    /// Found by seeds 1, 5, 8, 10, 17, 18: a sidecar's inbound listener was built from every service with an
    /// endpoint on its address, also those not exported to its namespace, while a change of such a service
    /// only reaches the namespaces that see it: the cached listener kept the old ports (and its chains pointed
    /// at inbound clusters, built from visible services only, that did not exist).
    /// </summary>
    [TestCase(1)]
    [TestCase(8)]
    public void AnInboundListenerFollowsServicesOnItsAddressThatItsNamespaceSees(int seed) =>
        Assert.That(DifferentialRun.FirstMismatch(seed, Edits, DifferentialRun.ProductionTable()), Is.Null);

    /// <summary>
    /// Found by seed 3: a ServiceEntry that starts winning a host (older name first on a tie) replaces another
    /// entry's service, exported elsewhere; the change was scoped to the new entry's exportTo only, so proxies
    /// that saw the replaced service kept its listeners.
    /// </summary>
    /// <summary>
    /// Found by seed 9: a VirtualService for a host that is a service exported to some namespaces only is, for
    /// sidecars elsewhere, a host without a service (a virtual host on every port); the change detector asked
    /// only whether the host was a service anywhere, so those sidecars kept their old route configurations.
    /// </summary>
    [Test]
    public void AVirtualServiceForAServiceSomeNamespacesDoNotSeeUpdatesTheirRoutes() =>
        Assert.That(DifferentialRun.FirstMismatch(9, Edits, DifferentialRun.ProductionTable()), Is.Null);

    [Test]
    public void AnEntryThatTakesOverAHostUpdatesWhoeverSawTheOldDefinition() =>
        Assert.That(DifferentialRun.FirstMismatch(3, Edits, DifferentialRun.ProductionTable()), Is.Null);
}
