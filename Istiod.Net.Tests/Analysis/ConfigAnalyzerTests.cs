using Istiod.Net.Analysis;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;

namespace Istiod.Net.Tests.Analysis;

/// <summary>Cross-resource findings on small hand-written meshes.</summary>
public sealed class ConfigAnalyzerTests
{
    private const string Entry = """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: api, namespace: ns}
        spec:
          hosts: [api.example.com]
          ports: [{number: 80, name: http, protocol: HTTP}]
          resolution: STATIC
          endpoints:
          - address: 10.0.0.1
            labels: {version: v1}
        """;

    private const string Rule = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: api, namespace: ns}
        spec:
          host: api.example.com
          subsets:
          - name: v1
            labels: {version: v1}
        """;

    private static IReadOnlyList<ConfigObject> Load(params string[] documents)
    {
        var results = new ConfigParser().ParseYaml(string.Join("\n---\n", documents), "mesh.yaml");
        Assert.That(results.All(r => r.Outcome == ParseOutcome.Accepted), Is.True, () => string.Join("; ", results.SelectMany(r => r.Errors)));
        return results.Select(r => r.Config!).ToArray();
    }

    private static string Route(string name, string host, string? subset = null, string gateways = "") => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: {{name}}, namespace: ns}
        spec:
          hosts: [{{host}}]
          {{(gateways.Length > 0 ? $"gateways: [{gateways}]" : string.Empty)}}
          http:
          - route:
            - destination: {host: {{host}}{{(subset is null ? string.Empty : $", subset: {subset}")}}}
        """;

    [Test]
    public void Consistent_mesh_has_no_findings()
    {
        var findings = new ConfigAnalyzer().Analyze(Load(Entry, Rule, Route("vs", "api.example.com", "v1")));

        Assert.That(findings, Is.Empty, () => string.Join("\n", findings));
    }

    [Test]
    public void Missing_subset_is_an_error_naming_both_resources()
    {
        var findings = new ConfigAnalyzer().Analyze(Load(Entry, Rule, Route("vs", "api.example.com", "v2")));

        var finding = findings.Single();
        Assert.That(finding.Code, Is.EqualTo(AnalysisCodes.SubsetNotFound));
        Assert.That(finding.Severity, Is.EqualTo(AnalysisSeverity.Error));
        Assert.That(finding.Resources, Is.EqualTo(new[] { new ConfigKey("VirtualService", "ns", "vs"), new ConfigKey("DestinationRule", "ns", "api") }));
    }

    [Test]
    public void Unknown_host_is_a_warning_but_a_kubernetes_name_only_info()
    {
        var findings = new ConfigAnalyzer().Analyze(Load(Route("ext", "nowhere.example.com"), Route("kube", "reviews")));

        Assert.That(findings.Single(f => f.Resources[0].Name == "ext").Severity, Is.EqualTo(AnalysisSeverity.Warning));
        var kube = findings.Single(f => f.Resources[0].Name == "kube");
        Assert.That(kube.Severity, Is.EqualTo(AnalysisSeverity.Info));
        Assert.That(kube.Message, Does.Contain("reviews.ns.svc.cluster.local"));
        Assert.That(findings.Select(f => f.Code), Is.All.EqualTo(AnalysisCodes.HostNotFound));
    }

    [Test]
    public void Subset_selecting_no_endpoint_is_a_warning()
    {
        var rule = Rule.Replace("version: v1}", "version: v9}", StringComparison.Ordinal);
        var findings = new ConfigAnalyzer().Analyze(Load(Entry, rule));

        var finding = findings.Single();
        Assert.That(finding.Code, Is.EqualTo(AnalysisCodes.SubsetSelectsNothing));
        Assert.That(finding.Severity, Is.EqualTo(AnalysisSeverity.Warning));
    }

    [Test]
    public void Two_mesh_virtual_services_for_one_host_conflict_but_gateway_ones_merge()
    {
        var mesh = new ConfigAnalyzer().Analyze(Load(Entry, Route("a", "api.example.com"), Route("b", "api.example.com")));
        Assert.That(mesh.Single().Code, Is.EqualTo(AnalysisCodes.ConflictingVirtualServices));

        var gateway = new ConfigAnalyzer().Analyze(Load(Entry, Route("a", "api.example.com", gateways: "gw"), Route("b", "api.example.com", gateways: "gw")));
        Assert.That(gateway, Is.Empty, () => string.Join("\n", gateway));
    }

    [Test]
    public void Gateway_selector_matching_no_workload_is_info()
    {
        const string gateway = """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: gw, namespace: ns}
            spec:
              selector: {istio: ingressgateway}
              servers:
              - port: {number: 80, name: http, protocol: HTTP}
                hosts: ["*"]
            """;
        var finding = new ConfigAnalyzer().Analyze(Load(gateway)).Single();

        Assert.That(finding.Code, Is.EqualTo(AnalysisCodes.GatewaySelectsNothing));
        Assert.That(finding.Severity, Is.EqualTo(AnalysisSeverity.Info));
    }

    private static string Gateway(string name, string created, string server) => $$"""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: {{name}}, namespace: ns, creationTimestamp: "{{created}}"}
        spec:
          selector: {app: edge}
          servers:
          - {{server}}
        """;

    private const string Workload = """
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata: {name: edge, namespace: ns}
        spec: {address: 10.0.0.9, labels: {app: edge}}
        """;

    private const string BooksTls = "{port: {number: 443, name: https, protocol: HTTPS}, hosts: [books.example.com], tls: {mode: SIMPLE, credentialName: c}}";

    [Test]
    public void Gateways_serving_one_tls_host_on_a_port_conflict_naming_the_later_one_first()
    {
        var findings = new ConfigAnalyzer().Analyze(Load(Workload,
            Gateway("newer", "2026-02-01T00:00:00Z", BooksTls), Gateway("older", "2026-01-01T00:00:00Z", BooksTls)));

        var finding = findings.Single();
        Assert.That((finding.Code, finding.Severity), Is.EqualTo((AnalysisCodes.ConflictingGateways, AnalysisSeverity.Warning)));
        Assert.That(finding.Resources.Select(r => r.Name), Is.EqualTo(new[] { "newer", "older" }));
        Assert.That(finding.Message, Does.Contain("books.example.com").And.Contain("port 443"));
    }

    [Test]
    public void Gateways_merging_http_hosts_or_serving_different_tls_hosts_do_not_conflict_but_tcp_beside_http_does()
    {
        const string http = "{port: {number: 80, name: http, protocol: HTTP}, hosts: [books.example.com]}";
        const string shopTls = "{port: {number: 443, name: https, protocol: HTTPS}, hosts: [shop.example.com], tls: {mode: SIMPLE, credentialName: d}}";
        var fine = new ConfigAnalyzer().Analyze(Load(Workload,
            Gateway("a", "2026-01-01T00:00:00Z", http), Gateway("b", "2026-01-02T00:00:00Z", http),
            Gateway("c", "2026-01-03T00:00:00Z", BooksTls), Gateway("d", "2026-01-04T00:00:00Z", shopTls)));
        Assert.That(fine, Is.Empty, () => string.Join("\n", fine));

        var mixed = new ConfigAnalyzer().Analyze(Load(Workload,
            Gateway("a", "2026-01-01T00:00:00Z", http),
            Gateway("b", "2026-01-02T00:00:00Z", "{port: {number: 80, name: tcp, protocol: TCP}, hosts: [\"*\"]}")));
        Assert.That(mixed.Single().Resources.Select(r => r.Name), Is.EqualTo(new[] { "b", "a" }));
    }
}
