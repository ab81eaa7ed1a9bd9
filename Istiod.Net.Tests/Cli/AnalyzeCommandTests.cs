using Istiod.Net.Cli;

namespace Istiod.Net.Tests.Cli;

/// <summary><c>istiod-net analyze</c> on real files: exit 1 only for errors, findings printed with code and resources.</summary>
public sealed class AnalyzeCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "istiod-analyze-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static string Vs(string subset) => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: vs, namespace: ns}
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews, subset: {{subset}}}
        """;

    private const string Dr = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews, namespace: ns}
        spec:
          host: reviews
          subsets: [{name: v1, labels: {version: v1}}]
        """;

    private (int Exit, string Out) Run()
    {
        var output = new StringWriter();
        var exit = AnalyzeCommand.Run([_dir], new StringReader(string.Empty), output, new StringWriter());
        return (exit, output.ToString());
    }

    [Test]
    public void Missing_subset_exits_1_with_code_and_resources()
    {
        File.WriteAllText(Path.Combine(_dir, "vs.yaml"), Vs("v2"));
        File.WriteAllText(Path.Combine(_dir, "dr.yaml"), Dr);

        var (exit, output) = Run();

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("error [IDN0102] VirtualService/ns/vs, DestinationRule/ns/reviews"));
    }

    [Test]
    public void Only_infos_exit_0()
    {
        File.WriteAllText(Path.Combine(_dir, "vs.yaml"), Vs("v1"));
        File.WriteAllText(Path.Combine(_dir, "dr.yaml"), Dr);

        var (exit, output) = Run();

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("info [IDN0101]"));
        Assert.That(output, Does.Contain("0 error(s)"));
    }

    [Test]
    public void Missing_folder_is_a_usage_error()
    {
        var exit = AnalyzeCommand.Run([Path.Combine(_dir, "nope")], new StringReader(string.Empty), new StringWriter(), new StringWriter());

        Assert.That(exit, Is.EqualTo(2));
    }
}
