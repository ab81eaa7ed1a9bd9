using Istiod.Net.Xds.Validation;

namespace Istiod.Net.Tests.Xds.Validation;

public sealed class WellKnownStringsTests
{
    [TestCase("reviews.default.svc.cluster.local", true)]
    [TestCase("reviews.default.svc.cluster.local.", true)]
    [TestCase("-bad.example.com", false)]
    [TestCase("bad-.example.com", false)]
    [TestCase("a..b", false)]
    [TestCase("under_score.com", false)]
    [TestCase("", false)]
    public void Hostname(string value, bool expected) => Assert.That(WellKnownStrings.IsHostname(value), Is.EqualTo(expected));

    [TestCase("10.0.0.1", true, false)]
    [TestCase("256.0.0.1", false, false)]
    [TestCase("1", false, false)]
    [TestCase("::1", false, true)]
    [TestCase("fe80::1%eth0", false, false)]
    [TestCase("[::1]", false, false)]
    public void Ip(string value, bool v4, bool v6)
    {
        Assert.That(WellKnownStrings.IsIpv4(value), Is.EqualTo(v4));
        Assert.That(WellKnownStrings.IsIpv6(value), Is.EqualTo(v6));
        Assert.That(WellKnownStrings.IsIp(value), Is.EqualTo(v4 || v6));
    }

    [TestCase("https://istiod.istio-system.svc:15012/token", true)]
    [TestCase("/relative/path", false)]
    [TestCase("urn:isbn:0451450523", true)]
    [TestCase("1http://x", false)]
    public void Uri(string value, bool expected) => Assert.That(WellKnownStrings.IsUri(value), Is.EqualTo(expected));

    [TestCase("user@example.com", true)]
    [TestCase("user@", false)]
    [TestCase("us er@example.com", false)]
    public void Email(string value, bool expected) => Assert.That(WellKnownStrings.IsEmail(value), Is.EqualTo(expected));

    [TestCase("x-request-id", true)]
    [TestCase(":authority", true)]
    [TestCase(":", false)]
    [TestCase("x forwarded", false)]
    [TestCase("x,y", true, Description = "protoc-gen-validate's class admits ',' (its '+-.' is a range)")]
    public void Strict_header_name(string value, bool expected) => Assert.That(WellKnownStrings.IsStrictHeaderName(value), Is.EqualTo(expected));

    [TestCase("text/html; q=0.9\tx", true)]
    [TestCase("bell\u0007", false)]
    [TestCase("del\u007F", false)]
    public void Strict_header_value(string value, bool expected) => Assert.That(WellKnownStrings.IsStrictHeaderValue(value), Is.EqualTo(expected));

    [TestCase("anything goes: \u0007", true)]
    [TestCase("a\rb", false)]
    [TestCase("a\0", false)]
    public void Lenient_header(string value, bool expected) => Assert.That(WellKnownStrings.IsLenientHeader(value), Is.EqualTo(expected));

    [TestCase("123e4567-e89b-12d3-a456-426614174000", true)]
    [TestCase("123e4567e89b12d3a456426614174000", false)]
    public void Uuid(string value, bool expected) => Assert.That(WellKnownStrings.IsUuid(value), Is.EqualTo(expected));
}
