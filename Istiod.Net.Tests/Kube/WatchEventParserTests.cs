using Istiod.Net.Kube;

namespace Istiod.Net.Tests.Kube;

public sealed class WatchEventParserTests
{
    [Test]
    public void Each_event_type_is_read_with_its_object()
    {
        var e = WatchEventParser.Parse("""{"type":"MODIFIED","object":{"kind":"Pod","metadata":{"name":"p","namespace":"n","resourceVersion":"42"}}}""", "watch x");
        Assert.Multiple(() =>
        {
            Assert.That(e.Type, Is.EqualTo(KubeWatchEventType.Modified));
            Assert.That(e.ResourceVersion, Is.EqualTo("42"));
            Assert.That(KubeObjectKey.Of(e.Object), Is.EqualTo(new KubeObjectKey("n", "p")));
            Assert.That(e.Object.Parent, Is.Null, "detached from the envelope so caches can keep it");
        });
    }

    [Test]
    public void An_error_event_becomes_the_api_error_it_reports()
    {
        var error = Assert.Throws<KubeApiException>(() => WatchEventParser.Parse(
            """{"type":"ERROR","object":{"kind":"Status","status":"Failure","message":"too old resource version: 5 (9)","reason":"Expired","code":410}}""", "watch /api/v1/pods"));
        Assert.Multiple(() =>
        {
            Assert.That(error!.IsGone, Is.True);
            Assert.That(error.Message, Is.EqualTo("watch /api/v1/pods: 410 Expired: too old resource version: 5 (9)"));
        });
    }

    [TestCase("not json", "is not JSON")]
    [TestCase("[1]", "is not a JSON object")]
    [TestCase("""{"type":"ADDED"}""", "ADDED has no object")]
    [TestCase("""{"type":"RENAMED","object":{}}""", "unknown watch event type 'RENAMED'")]
    public void A_malformed_line_is_a_format_error_naming_the_watch(string line, string expected)
    {
        var error = Assert.Throws<FormatException>(() => WatchEventParser.Parse(line, "watch /api/v1/pods"));
        Assert.That(error!.Message, Does.StartWith("watch /api/v1/pods: ").And.Contain(expected));
    }
}
