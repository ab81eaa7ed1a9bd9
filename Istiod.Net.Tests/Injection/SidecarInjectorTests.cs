using System.Text.Json.Nodes;
using Istiod.Net.Injection;
using Istiod.Net.Xds.Validation;

namespace Istiod.Net.Tests.Injection;

public sealed class SidecarInjectorTests
{
    private static readonly SidecarInjector Injector = new(new SidecarInjectionOptions());

    private static SidecarInjectionResult InjectTemplate(JsonObject deployment, IReadOnlyDictionary<string, string>? namespaceLabels) =>
        Injector.Inject(InjectionTestPods.Template(deployment), "bookinfo", namespaceLabels);

    [Test]
    public void DeploymentTemplateInOptedInNamespaceGetsProxyInitContainerVolumesAndStatus()
    {
        var input = InjectionTestPods.Deployment();
        var before = input.ToJsonString();
        var result = InjectTemplate(input, InjectionTestPods.OptedIn);

        Assert.That(result.Injected, Is.True, result.Reason);
        Assert.That(input.ToJsonString(), Is.EqualTo(before), "the input is never changed");
        var pod = result.Pod;
        var containers = pod["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.ToString());
        Assert.That(containers, Is.EqualTo(new[] { "reviews", "istio-proxy" }));
        var proxy = InjectionTestPods.Container(pod, "containers", "istio-proxy");
        Assert.Multiple(() =>
        {
            Assert.That(proxy["image"]!.ToString(), Is.EqualTo("envoyproxy/envoy:v1.32-latest"));
            Assert.That(proxy["securityContext"]!["runAsUser"]!.GetValue<long>(), Is.EqualTo(1337));
            Assert.That(proxy["securityContext"]!["runAsNonRoot"]!.GetValue<bool>(), Is.True);
            Assert.That(proxy["env"]!.AsArray().Select(e => e!["valueFrom"]!["fieldRef"]!["fieldPath"]!.ToString()),
                Is.SupersetOf(new[] { "metadata.name", "metadata.namespace", "status.podIP" }));
            Assert.That(proxy["volumeMounts"]!.AsArray().Select(m => m!["mountPath"]!.ToString()),
                Is.EquivalentTo(new[] { "/var/run/secrets/istio", "/var/run/secrets/tokens" }));
        });

        var init = InjectionTestPods.Container(pod, "initContainers", "istio-init");
        var script = init["command"]!.AsArray()[2]!.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(init["securityContext"]!["runAsUser"]!.GetValue<int>(), Is.EqualTo(0));
            Assert.That(init["securityContext"]!["capabilities"]!["add"]!.AsArray().Select(c => c!.ToString()), Is.EquivalentTo(new[] { "NET_ADMIN", "NET_RAW" }));
            Assert.That(script, Does.Contain("-j REDIRECT --to-ports 15001"));
            Assert.That(script, Does.Contain("-j REDIRECT --to-ports 15006"));
            Assert.That(script, Does.Contain("-m owner --uid-owner 1337 -j RETURN"));
            Assert.That(script, Does.Contain("--dport 15090 -j RETURN"));
            Assert.That(script, Does.Contain("--dport 15021 -j RETURN"));
        });

        var volumes = pod["spec"]!["volumes"]!.AsArray();
        var token = volumes.Single(v => v!["name"]!.ToString() == "istio-token")!["projected"]!["sources"]![0]!["serviceAccountToken"]!;
        Assert.Multiple(() =>
        {
            Assert.That(token["audience"]!.ToString(), Is.EqualTo("istio-ca"));
            Assert.That(token["path"]!.ToString(), Is.EqualTo("istio-token"));
            Assert.That(volumes.Single(v => v!["name"]!.ToString() == "istiod-ca-cert")!["configMap"]!["name"]!.ToString(), Is.EqualTo("istio-ca-root-cert"));
            var status = JsonNode.Parse(pod["metadata"]!["annotations"]![InjectionNames.StatusAnnotation]!.ToString())!;
            Assert.That(status["containers"]!.AsArray().Select(c => c!.ToString()), Is.EqualTo(new[] { "istio-proxy" }));
        });
    }

    [Test]
    public void BootstrapFromTheMutatedSpecPassesTheRulesCheckerAndCarriesThePodIdentity()
    {
        var pod = InjectTemplate(InjectionTestPods.Deployment(), InjectionTestPods.OptedIn).Pod;
        var bootstrap = InjectionTestPods.Bootstrap(pod, "reviews-v1-7d9f-abcde", "10.1.2.3");

        var violations = new ProtoRulesChecker().Check(bootstrap);

        Assert.That(violations, Is.Empty, string.Join("\n", violations));
        Assert.Multiple(() =>
        {
            Assert.That(bootstrap.Node.Id, Is.EqualTo("sidecar~10.1.2.3~reviews-v1-7d9f-abcde.bookinfo~bookinfo.svc.cluster.local"));
            Assert.That(bootstrap.Node.Metadata.Fields["NAME"].StringValue, Is.EqualTo("reviews-v1-7d9f-abcde"));
            Assert.That(bootstrap.Node.Metadata.Fields["SERVICE_ACCOUNT"].StringValue, Is.EqualTo("bookinfo-reviews"));
            Assert.That(bootstrap.Node.Metadata.Fields["LABELS"].StructValue.Fields["app"].StringValue, Is.EqualTo("reviews"));
            var ads = bootstrap.DynamicResources.AdsConfig.GrpcServices.Single();
            Assert.That(ads.GoogleGrpc.TargetUri, Is.EqualTo("istiod-net.istio-system.svc:15012"));
        });
    }

    [Test]
    public void DollarParenthesesInPodValuesStayLiteralAfterKubeletExpansion()
    {
        var pod = InjectTemplate(InjectionTestPods.Deployment(podLabelsJson: """{"app":"reviews","odd":"$(HOME)"}"""), InjectionTestPods.OptedIn).Pod;
        var bootstrap = InjectionTestPods.Bootstrap(pod, "p", "10.0.0.1");
        Assert.That(bootstrap.Node.Metadata.Fields["LABELS"].StructValue.Fields["odd"].StringValue, Is.EqualTo("$(HOME)"));
    }

    [TestCase(null, """{"sidecar.istio.io/inject":"true"}""", null, true)]
    [TestCase("""{"sidecar.istio.io/inject":"true"}""", null, null, true)]
    [TestCase(null, null, "enabled", true)]
    [TestCase(null, null, null, false)]
    [TestCase(null, null, "disabled", false)]
    [TestCase("""{"sidecar.istio.io/inject":"false"}""", null, "enabled", false)]
    [TestCase(null, """{"app":"reviews","sidecar.istio.io/inject":"false"}""", "enabled", false)]
    public void OptInAndOptOut(string? annotations, string? labels, string? namespaceLabel, bool injected)
    {
        var namespaceLabels = namespaceLabel is null ? null : new Dictionary<string, string> { [InjectionNames.NamespaceLabel] = namespaceLabel };
        var result = InjectTemplate(InjectionTestPods.Deployment(annotations, labels), namespaceLabels);
        Assert.That(result.Injected, Is.EqualTo(injected), result.Reason);
        Assert.That(result.Pod["spec"]!["containers"]!.AsArray(), Has.Count.EqualTo(injected ? 2 : 1));
    }

    [Test]
    public void InjectingTwiceChangesNothingTheSecondTime()
    {
        var once = InjectTemplate(InjectionTestPods.Deployment(), InjectionTestPods.OptedIn).Pod;
        var twice = Injector.Inject(once, "bookinfo", InjectionTestPods.OptedIn);
        Assert.That(twice.Injected, Is.False);
        Assert.That(JsonNode.DeepEquals(twice.Pod, once), Is.True, "a second injection must leave the pod as it was");
    }

    [Test]
    public void ExclusionAnnotationsReachTheScriptAndBadOnesAreRefusedWithTheField()
    {
        var pod = InjectTemplate(InjectionTestPods.Deployment("""
            {"traffic.sidecar.istio.io/excludeInboundPorts":"8081, 8082","traffic.sidecar.istio.io/excludeOutboundIPRanges":"10.96.0.0/12"}
            """), InjectionTestPods.OptedIn).Pod;
        var script = InjectionTestPods.Container(pod, "initContainers", "istio-init")["command"]![2]!.ToString();
        Assert.That(script, Does.Contain("ISTIO_INBOUND -p tcp --dport 8082 -j RETURN"));
        Assert.That(script, Does.Contain("ISTIO_OUTPUT -d 10.96.0.0/12 -j RETURN"));

        var bad = InjectionTestPods.Deployment("""{"traffic.sidecar.istio.io/excludeInboundPorts":"80; rm -rf /"}""");
        var error = Assert.Throws<SidecarInjectionException>(() => InjectTemplate(bad, InjectionTestPods.OptedIn));
        Assert.That(error!.Message, Does.Contain("traffic.sidecar.istio.io/excludeInboundPorts"));
    }

    [Test]
    public void IstioInitInstallsNothingAndItsDefaultImageCarriesIptables()
    {
        var pod = InjectTemplate(InjectionTestPods.Deployment(), InjectionTestPods.OptedIn).Pod;

        var init = InjectionTestPods.Container(pod, "initContainers", "istio-init");
        var script = init["command"]!.AsArray()[2]!.ToString();
        Assert.Multiple(() =>
        {
            // A pod without egress must start: nothing may be fetched from the network at pod start.
            Assert.That(script, Does.Not.Contain("apk").And.Not.Contain("apt-get").And.Not.Contain("curl").And.Not.Contain("wget"));
            Assert.That(script, Does.Contain("has no iptables"), "an image without iptables fails saying so");
            Assert.That(init["image"]!.ToString(), Is.EqualTo("docker.io/istio/proxyv2:1.24.0"));
        });
    }

    [Test]
    public void TheInitImageIsConfigurable()
    {
        var injector = new SidecarInjector(new SidecarInjectionOptions { InitImage = "registry.local/iptables:1" });

        var pod = injector.Inject(InjectionTestPods.Template(InjectionTestPods.Deployment()), "bookinfo", InjectionTestPods.OptedIn).Pod;

        Assert.That(InjectionTestPods.Container(pod, "initContainers", "istio-init")["image"]!.ToString(), Is.EqualTo("registry.local/iptables:1"));
    }

    [Test]
    public void InterceptionModeNoneInjectsNoInitContainerAndTellsTheControlPlane()
    {
        var pod = InjectTemplate(InjectionTestPods.Deployment("""{"sidecar.istio.io/interceptionMode":"NONE"}"""), InjectionTestPods.OptedIn).Pod;
        var bootstrap = InjectionTestPods.Bootstrap(pod, "p", "10.0.0.1");

        Assert.That(pod["spec"]!["initContainers"]?.AsArray().Select(c => c!["name"]!.ToString()) ?? [], Has.None.EqualTo(InjectionNames.InitContainer));
        Assert.That(bootstrap.Node.Metadata.Fields["INTERCEPTION_MODE"].StringValue, Is.EqualTo("NONE"));
        var status = JsonNode.Parse(pod["metadata"]!["annotations"]![InjectionNames.StatusAnnotation]!.ToString())!;
        Assert.That(status["initContainers"]!.AsArray(), Is.Empty);
    }

    [Test]
    public void DefaultInterceptionIsRedirectWithIptables()
    {
        var pod = InjectTemplate(InjectionTestPods.Deployment(), InjectionTestPods.OptedIn).Pod;

        Assert.That(InjectionTestPods.Container(pod, "initContainers", "istio-init"), Is.Not.Null);
        Assert.That(InjectionTestPods.Bootstrap(pod, "p", "10.0.0.1").Node.Metadata.Fields["INTERCEPTION_MODE"].StringValue, Is.EqualTo("REDIRECT"));
    }

    [TestCase("TPROXY", "TPROXY is not supported")]
    [TestCase("redirect", "'redirect' is not REDIRECT, TPROXY or NONE")]
    public void UnsupportedInterceptionModesAreRefusedWithTheAnnotation(string mode, string message)
    {
        var pod = InjectionTestPods.Deployment($$"""{"sidecar.istio.io/interceptionMode":"{{mode}}"}""");

        var error = Assert.Throws<SidecarInjectionException>(() => InjectTemplate(pod, InjectionTestPods.OptedIn));

        Assert.That(error!.Message, Does.Contain("sidecar.istio.io/interceptionMode").And.Contain(message));
    }

    [Test]
    public void TheProxyIsReadyWhenItsHealthListenerSaysSoWithIstiosTimings()
    {
        var pod = InjectTemplate(InjectionTestPods.Deployment(), InjectionTestPods.OptedIn).Pod;
        var probe = InjectionTestPods.Container(pod, "containers", "istio-proxy")["readinessProbe"]!;

        Assert.Multiple(() =>
        {
            Assert.That(probe["httpGet"]!["path"]!.ToString(), Is.EqualTo("/healthz/ready"));
            Assert.That(probe["httpGet"]!["port"]!.GetValue<int>(), Is.EqualTo(15021));
            Assert.That(probe["initialDelaySeconds"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(probe["periodSeconds"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(probe["timeoutSeconds"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(probe["failureThreshold"]!.GetValue<int>(), Is.EqualTo(30));
        });

        // The probe's port is the one the injected bootstrap's health listener binds.
        var bootstrap = InjectionTestPods.Bootstrap(pod, "p", "10.0.0.1");
        var health = bootstrap.StaticResources.Listeners.Single(l => l.Name == "health");
        Assert.That(health.Address.SocketAddress.PortValue, Is.EqualTo(15021));
    }

    [Test]
    public void ReadinessAnnotationsOverrideTheTimings()
    {
        var pod = InjectTemplate(InjectionTestPods.Deployment("""
            {"readiness.status.sidecar.istio.io/initialDelaySeconds":"0","readiness.status.sidecar.istio.io/periodSeconds":" 15 ","readiness.status.sidecar.istio.io/failureThreshold":"4"}
            """), InjectionTestPods.OptedIn).Pod;
        var probe = InjectionTestPods.Container(pod, "containers", "istio-proxy")["readinessProbe"]!;

        Assert.That(
            (probe["initialDelaySeconds"]!.GetValue<int>(), probe["periodSeconds"]!.GetValue<int>(), probe["failureThreshold"]!.GetValue<int>()),
            Is.EqualTo((0, 15, 4)));
    }

    [TestCase("readiness.status.sidecar.istio.io/initialDelaySeconds", "-1")]
    [TestCase("readiness.status.sidecar.istio.io/periodSeconds", "0")]
    [TestCase("readiness.status.sidecar.istio.io/periodSeconds", "2s")]
    [TestCase("readiness.status.sidecar.istio.io/failureThreshold", "many")]
    [TestCase("readiness.status.sidecar.istio.io/failureThreshold", "99999999999")]
    public void BadReadinessAnnotationsAreRefusedWithTheAnnotation(string annotation, string value)
    {
        var pod = InjectionTestPods.Deployment($$"""{"{{annotation}}":"{{value}}"}""");

        var error = Assert.Throws<SidecarInjectionException>(() => InjectTemplate(pod, InjectionTestPods.OptedIn));

        Assert.That(error!.Message, Does.Contain(annotation).And.Contain($"'{value}'"));
    }
}
