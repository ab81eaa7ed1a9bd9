using static Istiod.Net.Tests.Config.Validation.ValidatorTestKit;

namespace Istiod.Net.Tests.Config.Validation;

public sealed class VirtualServiceValidatorTests
{
    private const string Kind = "VirtualService";

    [Test]
    public void ARealisticVirtualServiceIsValid() => AssertValid(Kind, """
        hosts: [reviews, reviews.example.com]
        gateways: [mesh, istio-system/ingress]
        http:
        - name: jason
          match:
          - headers: {end-user: {exact: jason}}
            uri: {regex: "^/api/v[0-9]+/.*"}
          fault:
            delay: {fixedDelay: 7s, percentage: {value: 100}}
          route:
          - destination: {host: reviews, subset: v2}
          timeout: 0.5s
          retries: {attempts: 3, perTryTimeout: 2s, retryOn: "5xx"}
        - route:
          - destination: {host: reviews, subset: v1, port: {number: 9080}}
            weight: 75
          - destination: {host: reviews, subset: v3}
            weight: 25
        tcp:
        - match: [{port: 27017}]
          route: [{destination: {host: mongo.backup.svc.cluster.local, port: {number: 5555}}}]
        """);

    [Test]
    public void MissingDestinationHostAndNegativeWeightAreReportedAtTheirPaths()
    {
        var paths = ErrorPaths(Kind, """
            hosts: [reviews]
            http:
            - route:
              - destination: {host: reviews}
                weight: 50
              - destination: {subset: v2}
                weight: -5
            """);

        Assert.That(paths, Is.EquivalentTo(new[] { "spec.http[0].route[1].destination.host", "spec.http[0].route[1].weight" }));
    }

    [Test]
    public void WeightAbove100IsAWarningBecauseIstioTreatsWeightsAsRelative()
    {
        var result = Parse(Kind, "hosts: [a]\nhttp:\n- route:\n  - destination: {host: a}\n    weight: 150\n");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Warnings.Select(w => w.Path), Does.Contain("spec.http[0].route[0].weight"));
    }

    [Test]
    public void SeveralDestinationsWithZeroTotalWeightAreAnError() =>
        Assert.That(ErrorPaths(Kind, "hosts: [a]\nhttp:\n- route:\n  - destination: {host: a, subset: x}\n  - destination: {host: a, subset: y}\n"),
            Is.EquivalentTo(new[] { "spec.http[0].route" }));

    [Test]
    public void NegativeWeightIsAnError() =>
        Assert.That(Errors(Kind, "hosts: [a]\nhttp:\n- route:\n  - destination: {host: a}\n    weight: -1\n"),
            Does.Contain("spec.http[0].route[0].weight: weight -1 must not be negative"));

    [Test]
    public void WeightsThatDoNotAddUpTo100AreAWarning()
    {
        var result = Parse(Kind, "hosts: [a]\nhttp:\n- route:\n  - destination: {host: a, subset: x}\n    weight: 30\n  - destination: {host: a, subset: y}\n    weight: 30\n");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Warnings.Single().Path, Is.EqualTo("spec.http[0].route"));
    }

    [Test]
    public void NoRoutesAtAllIsAnError() =>
        Assert.That(Errors(Kind, "hosts: [a]"), Does.Contain("spec: http, tcp or tls must be provided"));

    [Test]
    public void RouteAndRedirectTogetherAreAnError() =>
        Assert.That(Errors(Kind, "hosts: [a]\nhttp:\n- route: [{destination: {host: a}}]\n  redirect: {uri: /x}\n"),
            Does.Contain("spec.http[0]: HTTP route cannot contain both route and redirect"));

    [Test]
    public void HttpRouteWithoutAnActionIsAnError() =>
        Assert.That(ErrorPaths(Kind, "hosts: [a]\nhttp:\n- match: [{uri: {prefix: /}}]\n"), Does.Contain("spec.http[0]"));

    [TestCase("timeout: 1x", "spec.http[0].timeout")]
    [TestCase("timeout: 10", "spec.http[0].timeout")]
    [TestCase("retries: {perTryTimeout: 0.5ms}", "spec.http[0].retries.perTryTimeout")]
    [TestCase("retries: {attempts: -2}", "spec.http[0].retries.attempts")]
    [TestCase("fault: {abort: {httpStatus: 700, percentage: {value: 10}}}", "spec.http[0].fault.abort.httpStatus")]
    [TestCase("fault: {delay: {fixedDelay: 1s, percentage: {value: 150}}}", "spec.http[0].fault.delay.percentage.value")]
    [TestCase("mirrorPercentage: {value: -1}", "spec.http[0].mirrorPercentage.value")]
    [TestCase("retries: {attempts: 0, perTryTimeout: 1s}", "spec.http[0].retries.attempts")]
    [TestCase("fault: {delay: {exponentialDelay: 1s}}", "spec.http[0].fault.delay.exponentialDelay")]
    [TestCase("corsPolicy: {maxAge: 1500ms}", "spec.http[0].corsPolicy.maxAge")]
    [TestCase("headers: {request: {set: {\"bad header\": x}}}", "spec.http[0].headers.request.set")]
    [TestCase("match: [{uri: {regex: \"(unclosed\"}}]", "spec.http[0].match[0].uri.regex")]
    [TestCase("match: [{uri: {regex: \"(?=lookahead)\"}}]", "spec.http[0].match[0].uri.regex")]
    [TestCase("match: [{uri: {exact: /a, prefix: /b}}]", "spec.http[0].match[0].uri")]
    [TestCase("match: [{headers: {x-user: {regex: \"[\"}}}]", "spec.http[0].match[0].headers[x-user]")]
    [TestCase("match: [{uri: {regex: \"\"}}]", "spec.http[0].match[0].uri.regex")]
    [TestCase("match: [{headers: {x-user: {regex: \"\"}}}]", "spec.http[0].match[0].headers[x-user]")]
    [TestCase("match: [{port: 70000}]", "spec.http[0].match[0].port")]
    public void HttpRouteFieldErrorsHaveIstioPaths(string field, string path)
    {
        var yaml = $"hosts: [a]\nhttp:\n- route: [{{destination: {{host: a}}}}]\n  {field}\n";

        Assert.That(ErrorPaths(Kind, yaml), Does.Contain(path));
    }

    [TestCase("{uri: {regex: \"\"}}")]
    [TestCase("{authority: {regex: \"\"}}")]
    [TestCase("{queryParams: {q: {regex: \"\"}}}")]
    [TestCase("{withoutHeaders: {x-user: {regex: \"\"}}}")]
    public void AnEmptyRegexIsRefusedAsIstioDoes(string match)
    {
        // Istio's validation refuses it; accepted, Envoy and proxyless gRPC would read it differently.
        var yaml = $"hosts: [a]\nhttp:\n- route: [{{destination: {{host: a}}}}]\n  match: [{match}]\n";

        Assert.That(Errors(Kind, yaml), Has.Some.Contains("regex string match must not be empty"));
    }

    [TestCase("1s")]
    [TestCase("100ms")]
    [TestCase("1m")]
    [TestCase("1h30m")]
    [TestCase("0.5s")]
    [TestCase("0s")]
    public void GoStyleDurationsAreAccepted(string timeout) =>
        AssertValid(Kind, $"hosts: [a]\nhttp:\n- route: [{{destination: {{host: a}}}}]\n  timeout: {timeout}\n");

    [Test]
    public void DelegateVirtualServiceNeedsNoHostsButCannotNameGateways()
    {
        AssertValid(Kind, "http:\n- route: [{destination: {host: a}}]\n");

        Assert.That(ErrorPaths(Kind, "gateways: [gw]\nhttp:\n- route: [{destination: {host: a}}]\n"), Does.Contain("spec.hosts"));
    }

    [Test]
    public void WildcardHostBoundToTheMeshIsAnError()
    {
        Assert.That(ErrorPaths(Kind, "hosts: [\"*\"]\nhttp:\n- route: [{destination: {host: a}}]\n"), Does.Contain("spec.hosts[0]"));
        AssertValid(Kind, "hosts: [\"*\"]\ngateways: [gw]\nhttp:\n- route: [{destination: {host: a}}]\n");
    }

    [Test]
    public void InvalidHostAndGatewayNamesAreErrors()
    {
        var paths = ErrorPaths(Kind, "hosts: [\"bad host\"]\ngateways: [\"a/b/c\"]\nhttp:\n- route: [{destination: {host: \"*\"}}]\n");

        Assert.That(paths, Is.EquivalentTo(new[] { "spec.hosts[0]", "spec.gateways[0]", "spec.http[0].route[0].destination.host" }));
    }

    [TestCase("redirect: {}", "spec.http[0].redirect")]
    [TestCase("redirect: {uri: /x, scheme: ftp}", "spec.http[0].redirect.scheme")]
    [TestCase("redirect: {uri: /x, redirectCode: 200}", "spec.http[0].redirect.redirectCode")]
    [TestCase("directResponse: {status: 99}", "spec.http[0].directResponse.status")]
    public void RedirectAndDirectResponseErrorsHaveIstioPaths(string action, string path) =>
        Assert.That(ErrorPaths(Kind, $"hosts: [a]\nhttp:\n- {action}\n"), Does.Contain(path));

    [Test]
    public void RewriteNeedsSomethingToRewrite() =>
        Assert.That(ErrorPaths(Kind, "hosts: [a]\nhttp:\n- route: [{destination: {host: a}}]\n  rewrite: {}\n"), Does.Contain("spec.http[0].rewrite"));

    [Test]
    public void TlsRouteNeedsSniHosts() =>
        Assert.That(ErrorPaths(Kind, "hosts: [a]\ntls:\n- match: [{port: 443}]\n  route: [{destination: {host: a}}]\n"),
            Does.Contain("spec.tls[0].match[0].sniHosts"));

    [Test]
    public void TcpRouteNeedsADestination() =>
        Assert.That(ErrorPaths(Kind, "hosts: [a]\ntcp:\n- match: [{port: 0}]\n"),
            Is.EquivalentTo(new[] { "spec.tcp[0].route", "spec.tcp[0].match[0].port" }));

    [Test]
    public void DeprecatedMirrorPercentIsAWarning()
    {
        var result = Parse(Kind, "hosts: [a]\nhttp:\n- route: [{destination: {host: a}}]\n  mirror: {host: b}\n  mirrorPercent: 50\n");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Warnings.Single().Path, Is.EqualTo("spec.http[0].mirrorPercent"));
    }
}
