using static Istiod.Net.Tests.Config.Validation.ValidatorTestKit;

namespace Istiod.Net.Tests.Config.Validation;

public sealed class DestinationRuleValidatorTests
{
    private const string Kind = "DestinationRule";

    [Test]
    public void ARealisticDestinationRuleIsValid() => AssertValid(Kind, """
        host: reviews.prod.svc.cluster.local
        trafficPolicy:
          loadBalancer: {simple: LEAST_REQUEST}
          connectionPool:
            tcp: {maxConnections: 100, connectTimeout: 30ms, tcpKeepalive: {time: 7200s, interval: 75s}}
            http: {http2MaxRequests: 1000, maxRequestsPerConnection: 10, idleTimeout: 1m}
          outlierDetection: {consecutive5xxErrors: 7, interval: 5m, baseEjectionTime: 15m, maxEjectionPercent: 50}
          tls: {mode: ISTIO_MUTUAL}
          portLevelSettings:
          - port: {number: 80}
            loadBalancer: {consistentHash: {httpCookie: {name: user, ttl: 0s}}}
        subsets:
        - name: v1
          labels: {version: v1}
        - name: v2
          labels: {version: v2}
          trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
        """);

    [Test]
    public void HostIsRequired() =>
        Assert.That(Errors(Kind, "subsets: [{name: v1, labels: {version: v1}}]"), Does.Contain("spec.host: host is required"));

    [Test]
    public void SubsetNameIsRequiredValidAndUnique()
    {
        var paths = ErrorPaths(Kind, """
            host: reviews
            subsets:
            - labels: {version: v1}
            - name: Not_A_Label
              labels: {version: v2}
            - name: v3
              labels: {version: v3}
            - name: v3
              labels: {version: v4}
            """);

        Assert.That(paths, Is.EquivalentTo(new[] { "spec.subsets[0].name", "spec.subsets[1].name", "spec.subsets[3].name" }));
    }

    [Test]
    public void SubsetWithoutLabelsIsAWarning()
    {
        var result = Parse(Kind, "host: reviews\nsubsets: [{name: all}]\n");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Warnings.Single().Path, Is.EqualTo("spec.subsets[0].labels"));
    }

    [TestCase("trafficPolicy: {outlierDetection: {maxEjectionPercent: 101}}", "spec.trafficPolicy.outlierDetection.maxEjectionPercent")]
    [TestCase("trafficPolicy: {outlierDetection: {interval: 1us}}", "spec.trafficPolicy.outlierDetection.interval")]
    [TestCase("trafficPolicy: {connectionPool: {tcp: {connectTimeout: soon}}}", "spec.trafficPolicy.connectionPool.tcp.connectTimeout")]
    [TestCase("trafficPolicy: {connectionPool: {http: {maxRetries: -1}}}", "spec.trafficPolicy.connectionPool.http.maxRetries")]
    [TestCase("trafficPolicy: {loadBalancer: {simple: RANDOM, consistentHash: {useSourceIp: true}}}", "spec.trafficPolicy.loadBalancer")]
    [TestCase("trafficPolicy: {loadBalancer: {consistentHash: {}}}", "spec.trafficPolicy.loadBalancer.consistentHash")]
    [TestCase("trafficPolicy: {loadBalancer: {localityLbSetting: {distribute: [{from: a/*, to: {b/*: 60}}]}}}", "spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to")]
    [TestCase("trafficPolicy: {tls: {mode: MUTUAL}}", "spec.trafficPolicy.tls")]
    [TestCase("trafficPolicy: {portLevelSettings: [{port: {number: 0}}]}", "spec.trafficPolicy.portLevelSettings[0].port.number")]
    [TestCase("trafficPolicy: {portLevelSettings: [{port: {number: 80}}, {port: {number: 80}}]}", "spec.trafficPolicy.portLevelSettings[1].port.number")]
    [TestCase("subsets: [{name: v1, labels: {a: b}, trafficPolicy: {outlierDetection: {minHealthPercent: 200}}}]", "spec.subsets[0].trafficPolicy.outlierDetection.minHealthPercent")]
    [TestCase("exportTo: [\"not a namespace\"]", "spec.exportTo[0]")]
    [TestCase("exportTo: [\"*\", \"ns1\"]", "spec.exportTo")]
    [TestCase("exportTo: [\".\", \".\"]", "spec.exportTo[1]")]
    [TestCase("trafficPolicy: {}", "spec.trafficPolicy")]
    [TestCase("trafficPolicy: {connectionPool: {}}", "spec.trafficPolicy.connectionPool")]
    [TestCase("trafficPolicy: {portLevelSettings: [{port: {number: 80}}]}", "spec.trafficPolicy.portLevelSettings[0]")]
    [TestCase("trafficPolicy: {outlierDetection: {consecutiveLocalOriginFailures: 3}}", "spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures")]
    [TestCase("trafficPolicy: {loadBalancer: {consistentHash: {useSourceIp: true, maglev: {tableSize: 1000}}}}", "spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize")]
    [TestCase("trafficPolicy: {loadBalancer: {warmup: {duration: 10s, aggression: 0.5}}}", "spec.trafficPolicy.loadBalancer.warmup.aggression")]
    [TestCase("subsets: [{name: v1, labels: {\"bad key!\": x}}]", "spec.subsets[0].labels[bad key!]")]
    public void TrafficPolicyErrorsHaveIstioPaths(string field, string path) =>
        Assert.That(ErrorPaths(Kind, $"host: reviews\n{field}\n"), Does.Contain(path));
}
