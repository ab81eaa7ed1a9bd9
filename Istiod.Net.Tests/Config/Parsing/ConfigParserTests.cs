using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;

namespace Istiod.Net.Tests.Config.Parsing;

public sealed class ConfigParserTests
{
    private readonly ConfigParser _parser = new();

    [TestCase("v1")]
    [TestCase("v1beta1")]
    [TestCase("v1alpha3")]
    public void EveryKindParsesInEveryVersion(string version)
    {
        var yaml = $$"""
            apiVersion: networking.istio.io/{{version}}
            kind: VirtualService
            metadata:
              name: reviews
              namespace: bookinfo
            spec:
              hosts: [reviews]
              http:
              - route:
                - destination: {host: reviews, subset: v1}
                  weight: 80
                - destination: {host: reviews, subset: v2}
                  weight: 20
            ---
            apiVersion: networking.istio.io/{{version}}
            kind: DestinationRule
            metadata: {name: reviews}
            spec:
              host: reviews
              subsets:
              - name: v1
                labels: {version: v1}
            ---
            apiVersion: networking.istio.io/{{version}}
            kind: Gateway
            metadata: {name: gw}
            spec:
              selector: {istio: ingressgateway}
              servers:
              - port: {number: 80, name: http, protocol: HTTP}
                hosts: ["*"]
            ---
            apiVersion: networking.istio.io/{{version}}
            kind: ServiceEntry
            metadata: {name: google}
            spec:
              hosts: [www.google.com]
              ports:
              - {number: 443, name: https, protocol: HTTPS}
              resolution: DNS
              location: MESH_EXTERNAL
            ---
            apiVersion: networking.istio.io/{{version}}
            kind: Sidecar
            metadata: {name: default}
            spec:
              egress:
              - hosts: ["./*", "istio-system/*"]
            ---
            apiVersion: networking.istio.io/{{version}}
            kind: WorkloadEntry
            metadata: {name: vm-1}
            spec:
              address: 10.0.0.7
              labels: {app: ratings}
              ports: {http: 9080}
            """;

        var results = _parser.ParseYaml(yaml, "all.yaml");

        Assert.That(results.Select(r => r.Outcome), Is.All.EqualTo(ParseOutcome.Accepted), () => Describe(results));
        Assert.That(results.Select(r => r.Kind), Is.EqualTo(new[] { "VirtualService", "DestinationRule", "Gateway", "ServiceEntry", "Sidecar", "WorkloadEntry" }));
        Assert.That(results.Select(r => r.DocumentIndex), Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5 }));

        var vs = results[0].Config!;
        Assert.That(vs.Key, Is.EqualTo(new ConfigKey("VirtualService", "bookinfo", "reviews")));
        var spec = vs.SpecAs<VirtualServiceSpec>();
        Assert.That(spec.Http![0].Route![1].Weight, Is.EqualTo(20));
        Assert.That(spec.Http[0].Route![1].Destination!.Subset, Is.EqualTo("v2"));

        Assert.That(results[1].Config!.Meta.Namespace, Is.EqualTo("default"), "namespace defaults when metadata has none");
        Assert.That(results[2].Config!.SpecAs<GatewaySpec>().Servers![0].Port!.Number, Is.EqualTo(80u));
        Assert.That(results[3].Config!.SpecAs<ServiceEntrySpec>().Resolution, Is.EqualTo(ServiceEntryResolution.Dns));
        Assert.That(results[4].Config!.SpecAs<SidecarSpec>().Egress![0].Hosts, Is.EqualTo(new[] { "./*", "istio-system/*" }));
        Assert.That(results[5].Config!.SpecAs<WorkloadEntrySpec>().Ports!["http"], Is.EqualTo(9080u));
    }

    [Test]
    public void DefaultNamespaceIsConfigurable()
    {
        var parser = new ConfigParser(options: new ConfigParserOptions { DefaultNamespace = "mesh-config" });

        var result = parser.ParseYaml(ValidDestinationRule("a"), "dr.yaml").Single();

        Assert.That(result.Config!.Meta.Namespace, Is.EqualTo("mesh-config"));
    }

    [Test]
    public void UnknownKindIsSkippedAndReportedWithoutHarmingOtherDocuments()
    {
        var yaml = """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: deny-all}
            spec: {}
            ---
            """ + "\n" + ValidDestinationRule("reviews");

        var results = _parser.ParseYaml(yaml, "mixed.yaml");

        Assert.That(results, Has.Count.EqualTo(2));
        Assert.That(results[0].Outcome, Is.EqualTo(ParseOutcome.Skipped));
        Assert.That(results[0].Warnings.Single().Message, Does.Contain("unknown kind Widget (apiVersion example.com/v1); skipped"));
        Assert.That(results[0].Name, Is.EqualTo("deny-all"));
        Assert.That(results[1].Outcome, Is.EqualTo(ParseOutcome.Accepted));
        Assert.That(results[1].DocumentIndex, Is.EqualTo(1));
    }

    [Test]
    public void KnownKindWithUnknownVersionIsSkippedWithTheAcceptedVersions()
    {
        var yaml = ValidDestinationRule("reviews").Replace("networking.istio.io/v1", "networking.istio.io/v2", StringComparison.Ordinal);

        var result = _parser.ParseYaml(yaml, "dr.yaml").Single();

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Skipped));
        Assert.That(result.Warnings.Single().Message, Does.Contain("unknown kind DestinationRule (apiVersion networking.istio.io/v2)"));
        Assert.That(result.Warnings.Single().Message, Does.Contain("networking.istio.io/v1alpha3"));
    }

    [Test]
    public void BadYamlIsOneUnreadableResultWithLineAndColumn()
    {
        var yaml = ValidDestinationRule("ok") + "---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: [unclosed\n";

        var results = _parser.ParseYaml(yaml, "broken.yaml");

        var result = results.Single();
        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Unreadable));
        Assert.That(result.Source, Is.EqualTo("broken.yaml"));
        Assert.That(result.DocumentIndex, Is.EqualTo(1));
        Assert.That(result.Errors.Single().Message, Does.Match(@"^line \d+, column \d+: "));
    }

    [Test]
    public void UnclosedFlowSequenceInABlockSequenceIsUnreadableNotAnException()
    {
        // YamlDotNet's scanner throws InvalidOperationException here rather than a YamlException.
        var yaml = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\nspec:\n  hosts:\n  - [x.default.svc.cluster.local\n  http:\n  - route:\n    - destination:\n        host: x\n";

        var result = _parser.ParseYaml(yaml, "open.yaml").Single();

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Unreadable));
        Assert.That(result.Source, Is.EqualTo("open.yaml"));
        Assert.That(result.Errors.Single().Message, Does.Match(@"^line \d+, column \d+: "));
    }

    [Test]
    public void TabIndentationReportsTheLine()
    {
        var yaml = "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n\tname: x\n";

        var result = _parser.ParseYaml(yaml, "tabs.yaml").Single();

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Unreadable));
        Assert.That(result.Errors.Single().Message, Does.StartWith("line 4, column"));
    }

    [Test]
    public void WrongTypeReportsTheIstioFieldPath()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - route:
                - destination: {host: reviews, subset: v1}
                  weight: 80
                - destination: {host: reviews, subset: v2}
                  weight: "twenty"
            """;

        var result = _parser.ParseYaml(yaml, "vs.yaml").Single();

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Invalid));
        Assert.That(result.Name, Is.EqualTo("reviews"));
        var error = result.Errors.Single();
        Assert.That(error.Path, Is.EqualTo("spec.http[0].route[1].weight"));
        Assert.That(error.Message, Does.Contain("expected an integer, got string \"twenty\""));
        Assert.That(error.Message, Does.Contain("(line 11)"));
    }

    [Test]
    public void QuotedNumberIsAStringAndPlainNumberIsNot()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: gw}
            spec:
              servers:
              - port: {number: "80", name: http, protocol: HTTP}
                hosts: ["*"]
            """;

        var result = _parser.ParseYaml(yaml, "gw.yaml").Single();

        Assert.That(result.Errors.Single().Path, Is.EqualTo("spec.servers[0].port.number"));
        Assert.That(result.Errors.Single().Message, Does.Contain("got string \"80\""));
    }

    [Test]
    public void UnknownFieldsAreAllReportedWithPaths()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              Hosts: [reviews]
              http:
              - route:
                - destination: {host: reviews, subsett: v1}
            """;

        var result = _parser.ParseYaml(yaml, "vs.yaml").Single();

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Invalid));
        Assert.That(result.Errors.Select(e => e.Path), Is.EquivalentTo(new[] { "spec.Hosts", "spec.http[0].route[0].destination.subsett" }));
        Assert.That(result.Errors.First(e => e.Path == "spec.Hosts").Message, Does.Contain("did you mean \"hosts\""));
    }

    [Test]
    public void WrongEnumValueNamesTheAcceptedValues()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: ext}
            spec:
              hosts: [ext.example.com]
              ports: [{number: 80, name: http}]
              resolution: dns
            """;

        var error = _parser.ParseYaml(yaml, "se.yaml").Single().Errors.Single();

        Assert.That(error.Path, Is.EqualTo("spec.resolution"));
        Assert.That(error.Message, Does.Contain("one of NONE, STATIC, DNS, DNS_ROUND_ROBIN"));
    }

    [Test]
    public void MissingNameIsAnError()
    {
        var yaml = "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {namespace: x}\nspec: {host: a}\n";

        var result = _parser.ParseYaml(yaml, "dr.yaml").Single();

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Invalid));
        Assert.That(result.Errors.Select(e => e.ToString()), Does.Contain("metadata.name: required"));
        Assert.That(result.Namespace, Is.EqualTo("x"));
        Assert.That(result.ClaimedKey, Is.Null);
    }

    [Test]
    public void MissingApiVersionAndKindAreErrors()
    {
        var result = _parser.ParseYaml("metadata: {name: x}\nspec: {}\n", "x.yaml").Single();

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Invalid));
        Assert.That(result.Errors.Select(e => e.Path), Is.EquivalentTo(new[] { "apiVersion", "kind" }));
    }

    [Test]
    public void LabelThatIsNotAStringIsAnError()
    {
        var yaml = "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: x\n  labels:\n    version: 1\nspec: {host: a}\n";

        var result = _parser.ParseYaml(yaml, "dr.yaml").Single();

        Assert.That(result.Errors.Single().Path, Is.EqualTo("metadata.labels[version]"));
    }

    [Test]
    public void ListDocumentsExpandToTheirItems()
    {
        var yaml = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: networking.istio.io/v1
              kind: DestinationRule
              metadata: {name: a}
              spec: {host: a}
            - apiVersion: networking.istio.io/v1
              kind: DestinationRule
              metadata: {name: b}
              spec: {host: b, bogus: 1}
            """;

        var results = _parser.ParseYaml(yaml, "list.yaml");

        Assert.That(results, Has.Count.EqualTo(2));
        Assert.That(results[0].Outcome, Is.EqualTo(ParseOutcome.Accepted));
        Assert.That(results[0].ItemIndex, Is.EqualTo(0));
        Assert.That(results[1].Outcome, Is.EqualTo(ParseOutcome.Invalid));
        Assert.That(results[1].Location, Is.EqualTo("list.yaml[0].items[1]"));
        var rejection = results[1].ToRejection(DateTimeOffset.UnixEpoch);
        Assert.That(rejection.Errors.Single().Path, Is.EqualTo("items[1].spec.bogus"));
    }

    [Test]
    public void JsonFilesParse()
    {
        var json = """
            {
              "apiVersion": "networking.istio.io/v1beta1",
              "kind": "DestinationRule",
              "metadata": {"name": "reviews", "namespace": "bookinfo"},
              "spec": {"host": "reviews", "trafficPolicy": {"connectionPool": {"tcp": {"maxConnections": 100}}}}
            }
            """;

        var result = _parser.ParseJson(json, "dr.json").Single();

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Accepted), () => Describe([result]));
        Assert.That(result.Config!.SpecAs<DestinationRuleSpec>().TrafficPolicy!.ConnectionPool!.Tcp!.MaxConnections, Is.EqualTo(100));
    }

    [Test]
    public void BadJsonReportsLineAndColumn()
    {
        var result = _parser.ParseText("{\n  \"kind\": \"DestinationRule\",\n  \"spec\": {\n}", "broken.json").Single();

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Unreadable));
        Assert.That(result.Errors.Single().Message, Does.StartWith("line 4, column"));
    }

    [Test]
    public void EmptyDocumentsAreIgnoredButStillCounted()
    {
        var results = _parser.ParseYaml("# just a comment\n---\n---\n" + ValidDestinationRule("a"), "x.yaml");

        Assert.That(results.Single().DocumentIndex, Is.EqualTo(1));
    }

    [Test]
    public void AnchorsAndAliasesAreExpanded()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: a}
            spec:
              host: a
              subsets:
              - name: v1
                labels: &v1 {version: v1}
              - name: v1-copy
                labels: *v1
            """;

        var result = _parser.ParseYaml(yaml, "x.yaml").Single();

        Assert.That(result.Config!.SpecAs<DestinationRuleSpec>().Subsets![1].Labels!["version"], Is.EqualTo("v1"));
    }

    [Test]
    public void GarbageNeverThrows()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            var text = ConfigParser.DecodeText(bytes);
            Assert.DoesNotThrow(() => _parser.ParseYaml(text, "garbage.yaml"));
            Assert.DoesNotThrow(() => _parser.ParseJson(text, "garbage.json"));
        }

        Assert.That(_parser.ParseYaml("- 1\n- 2\n", "seq.yaml").Single().Outcome, Is.EqualTo(ParseOutcome.Invalid));
        Assert.That(_parser.ParseYaml("just text", "scalar.yaml").Single().Outcome, Is.EqualTo(ParseOutcome.Invalid));
    }

    [Test]
    public void AliasBombIsRefused()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + string.Concat(Enumerable.Range(0, 8).Select(i => $"{(char)('b' + i)}: &{(char)('b' + i)} [*{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}]\n"));

        var result = _parser.ParseYaml(yaml, "bomb.yaml").Single();

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Unreadable));
        Assert.That(result.Errors.Single().Message, Does.Contain("aliases expand this file to more than 1000000 nodes"));
    }

    [Test]
    public void ALargeScalarBehindManyAliasesIsRefusedByTheExpandedTextBudget()
    {
        // 1 MiB behind an anchor, used 100 times: few nodes, but 100 MiB of text once expanded.
        var yaml = AnnotatedServiceEntry(new string('x', 1024 * 1024), aliases: 100);

        var result = _parser.ParseYaml(yaml, "amplified.yaml").Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Unreadable));
            Assert.That(result.Source, Is.EqualTo("amplified.yaml"));
            Assert.That(result.Errors.Single().Message, Does.Contain("document 0: aliases expand this file to more than 64 MiB of text"));
        });
    }

    [Test]
    public void TheSameScalarBehindAFewAliasesIsAccepted()
    {
        var yaml = AnnotatedServiceEntry(new string('x', 1024 * 1024), aliases: 3);
        Assert.That(_parser.ParseYaml(yaml, "few.yaml").Single().Outcome, Is.EqualTo(ParseOutcome.Accepted));
    }

    [Test]
    public void AFileWithTooManyHonestNodesIsNotBlamedOnAliases()
    {
        var yaml = "items:\n" + string.Concat(Enumerable.Repeat("- 1\n", 1_000_001));

        var message = _parser.ParseYaml(yaml, "big.yaml").Single().Errors.Single().Message;

        Assert.That(message, Does.Contain("more than 1000000 nodes in this file; split it"));
        Assert.That(message, Does.Not.Contain("alias"));
    }

    [Test]
    public void TooMuchHonestTextIsNotBlamedOnAliases()
    {
        var yaml = "a: " + new string('x', 2048) + "\nb: " + new string('y', 2048) + "\n";

        var source = YamlJsonReader.Read(yaml, maxExpandedBytes: 3000);

        Assert.That(source.Error?.Message, Does.Contain("more than 3000 bytes of text in this file; split it"));
        Assert.That(source.Error?.Message, Does.Not.Contain("alias"));
    }

    private static string AnnotatedServiceEntry(string anchored, int aliases) =>
        "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: big\n  namespace: ns\n  annotations:\n"
        + $"    a0: &big \"{anchored}\"\n"
        + string.Concat(Enumerable.Range(1, aliases).Select(i => $"    a{i}: *big\n"))
        + "spec:\n  hosts: [big.example]\n  ports: [{number: 80, name: http, protocol: HTTP}]\n  resolution: DNS\n";

    [Test]
    public void ValidationErrorsRejectTheDocument()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - route:
                - destination: {subset: v1}
                  weight: -3
            """;

        var result = _parser.ParseYaml(yaml, "vs.yaml").Single();

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Invalid));
        Assert.That(result.Errors.Select(e => e.Path), Is.EquivalentTo(new[] { "spec.http[0].route[0].destination.host", "spec.http[0].route[0].weight" }));
        Assert.That(result.ClaimedKey, Is.EqualTo(new ConfigKey("VirtualService", "default", "reviews")));
    }

    internal static string ValidDestinationRule(string name, string host = "reviews") => $"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: {name}
        spec:
          host: {host}

        """;

    private static string Describe(IEnumerable<ParseResult> results) =>
        string.Join("\n", results.Select(r => $"{r.Location} {r.Outcome}: {string.Join("; ", r.Errors)}"));
}
