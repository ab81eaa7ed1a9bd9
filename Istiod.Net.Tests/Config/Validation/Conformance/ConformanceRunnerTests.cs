using Istiod.Net.Config.Validation.Conformance;

namespace Istiod.Net.Tests.Config.Validation.Conformance;

/// <summary>The conformance runner on a folder of our own cases, in the layout Istio's test data uses.</summary>
public sealed class ConformanceRunnerTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "istiod-conformance-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "peerauth-valid.yaml"), """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: ok}
            spec: {mtls: {mode: STRICT}}
            """);
        File.WriteAllText(Path.Combine(_dir, "peerauth-invalid.yaml"), """
            _err: 'spec.portLevelMtls: Invalid value'
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: no-selector}
            spec:
              portLevelMtls:
                "80": {mode: STRICT}
            ---
            _err: this one is actually valid, so the case fails
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: fine}
            spec: {}
            """);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Err_key_is_stripped_and_its_path_extracted()
    {
        var cases = ConformanceCaseReader.Read("x-invalid.yaml", File.ReadAllText(Path.Combine(_dir, "peerauth-invalid.yaml")));

        Assert.That(cases, Has.Count.EqualTo(2));
        Assert.That(cases[0].Yaml, Does.Not.Contain("_err"));
        Assert.That(cases[0].ExpectedPath, Is.EqualTo("spec.portLevelMtls"));
        Assert.That(cases[1].ExpectedPath, Is.Null);
        Assert.That(cases.All(c => !c.ExpectValid), Is.True);
    }

    [Test]
    public void Results_count_valid_accepted_invalid_rejected_and_field_matches()
    {
        var results = ConformanceRunner.Run(_dir);

        Assert.That(results, Has.Count.EqualTo(3));
        Assert.That(results.Single(r => r.Case.ExpectValid).Passed, Is.True);
        var rejected = results.Single(r => r.Case.DocumentIndex == 0 && !r.Case.ExpectValid);
        Assert.That(rejected.Passed, Is.True);
        Assert.That(rejected.FieldMatched, Is.True);
        Assert.That(results.Single(r => r.Case.DocumentIndex == 1).Passed, Is.False);

        var report = new StringWriter();
        ConformanceReport.Write(results, report, verbose: false);
        Assert.That(report.ToString(), Does.Contain("peerauth").And.Contain("2/3"));
    }

    [TestCase("spec.hosts", "spec.hosts[0]", true)]
    [TestCase("spec.hosts[0]", "spec.hosts", true)]
    [TestCase("spec.host", "spec.hosts", false)]
    public void Same_place_accepts_ancestors_and_descendants(string ours, string theirs, bool expected) =>
        Assert.That(ConformanceRunner.SamePlace(ours, theirs), Is.EqualTo(expected));
}
