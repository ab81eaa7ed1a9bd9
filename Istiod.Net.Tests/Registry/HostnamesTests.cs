using Istiod.Net.Registry;

namespace Istiod.Net.Tests.Registry;

public sealed class HostnamesTests
{
    [TestCase("reviews", "default", "reviews.default.svc.cluster.local")]
    [TestCase("Reviews.Other", "default", "reviews.other")]
    [TestCase("*.example.com", "default", "*.example.com")]
    [TestCase("api.example.com", "default", "api.example.com")]
    public void ResolvesShortNamesInTheConfigNamespace(string host, string ns, string expected) =>
        Assert.That(Hostnames.Resolve(host, ns), Is.EqualTo(expected));

    [TestCase("*.example.com", "a.example.com", true)]
    [TestCase("*.example.com", "example.com", false)]
    [TestCase("*.example.com", "*.b.example.com", true)]
    [TestCase("*", "anything.at.all", true)]
    [TestCase("a.example.com", "b.example.com", false)]
    public void MatchesWildcards(string pattern, string host, bool expected) =>
        Assert.That(Hostnames.Matches(pattern, host), Is.EqualTo(expected));

    [Test]
    public void ExportToReadsDotTildeAndStar()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Visibility.FromExportTo(null, "a").IsPublic, Is.True);
            Assert.That(Visibility.FromExportTo(["*"], "a").IsPublic, Is.True);
            Assert.That(Visibility.FromExportTo(["."], "a").IsVisibleTo("a"), Is.True);
            Assert.That(Visibility.FromExportTo(["."], "a").IsVisibleTo("b"), Is.False);
            Assert.That(Visibility.FromExportTo(["~"], "a").IsVisibleTo("a"), Is.False);
            Assert.That(Visibility.FromExportTo([".", "b"], "a").Namespaces, Is.EquivalentTo(new[] { "a", "b" }));
        });
    }
}
