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
    /// The test's own test: a cluster generator that stops reporting its DestinationRule reads (a removed
    /// <c>read.Add</c>) keeps clusters cached across DestinationRule edits, and some seed must say so.
    /// </summary>
    [Test]
    public void ARemovedDestinationRuleDependencyIsCaught()
    {
        var table = DependencyDroppingGenerator.Wrap(DifferentialRun.ProductionTable(), XdsTypeUrls.Cluster, d => d.Kind == DependencyKind.DestinationRule);

        var mismatch = Seeds().Select(seed => DifferentialRun.FirstMismatch(seed, Edits, table)).FirstOrDefault(m => m is not null);

        Assert.That(mismatch, Is.Not.Null, "no seed noticed clusters that ignore DestinationRule edits");
        Assert.That(mismatch, Does.Contain("CDS"), mismatch);
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
    [Test]
    public void AnEntryThatTakesOverAHostUpdatesWhoeverSawTheOldDefinition() =>
        Assert.That(DifferentialRun.FirstMismatch(3, Edits, DifferentialRun.ProductionTable()), Is.Null);
}
