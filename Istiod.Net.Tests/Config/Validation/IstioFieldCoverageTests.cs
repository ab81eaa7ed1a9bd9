namespace Istiod.Net.Tests.Config.Validation;

/// <summary>Fields and forms Istio accepts that the networking model first missed: each valid, with its bad value rejected.</summary>
public sealed class IstioFieldCoverageTests
{
    private const string Networking = "networking.istio.io/v1";

    [Test]
    public void Warmup_minimum_percent_is_a_plain_number()
    {
        PolicyTestKit.AssertValid(Networking, "DestinationRule", "host: a\ntrafficPolicy:\n  loadBalancer:\n    simple: ROUND_ROBIN\n    warmup: {duration: 10s, minimumPercent: 5, aggression: 2}");
        PolicyTestKit.AssertError(Networking, "DestinationRule", "host: a\ntrafficPolicy:\n  loadBalancer:\n    simple: ROUND_ROBIN\n    warmup: {duration: 10s, minimumPercent: 150}",
            "spec.trafficPolicy.loadBalancer.warmup.minimumPercent", "0..100");
    }

    [Test]
    public void Http2_keepalive_durations_are_checked()
    {
        PolicyTestKit.AssertValid(Networking, "DestinationRule", "host: a\ntrafficPolicy:\n  connectionPool:\n    http:\n      http2KeepAlive: {interval: 15s, timeout: 5s}");
        var result = PolicyTestKit.Parse(Networking, "DestinationRule", "host: a\ntrafficPolicy:\n  connectionPool:\n    http:\n      http2KeepAlive: {interval: soon}");
        Assert.That(result.Errors.Select(e => e.Path), Has.Member("spec.trafficPolicy.connectionPool.http.http2KeepAlive.interval"));
    }

    [TestCase("*x")]
    [TestCase("*-api.example.com")]
    public void Service_entry_accepts_a_partial_wildcard_prefix(string host) =>
        PolicyTestKit.AssertValid(Networking, "ServiceEntry", $"hosts: [\"{host}\"]\nports: [{{number: 80, name: http, protocol: HTTP}}]\nresolution: NONE");

    [Test]
    public void Jwt_presence_takes_known_values_only()
    {
        PolicyTestKit.AssertValid("security.istio.io/v1", "RequestAuthentication", "jwtRules:\n- issuer: i\n  presence: REQUIRED");
        PolicyTestKit.AssertError("security.istio.io/v1", "RequestAuthentication", "jwtRules:\n- issuer: i\n  presence: MANDATORY", "spec.jwtRules[0].presence", "Unsupported");
    }
}
