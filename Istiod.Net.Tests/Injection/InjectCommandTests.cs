using System.Text.Json.Nodes;
using Istiod.Net.Cli;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Injection;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Validation;

namespace Istiod.Net.Tests.Injection;

public sealed class InjectCommandTests
{
    private static string Sample => Path.Combine(RepositoryPaths.Root, "samples", "inject", "deployment.yaml");

    private static (int Code, string Out, string Err) Run(params string[] paths)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = InjectCommand.Run(paths, new SidecarInjectionOptions(), new StringReader(string.Empty), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static List<JsonNode?> Documents(string yaml) => YamlJsonReader.Read(yaml).Documents.Select(d => d.Root).ToList();

    [Test]
    public void SampleDeploymentIsInjectedLikeTheInjectorAndTheServicePassesThrough()
    {
        var (code, output, errors) = Run(Sample);

        Assert.That(code, Is.EqualTo(0), errors);
        var input = Documents(File.ReadAllText(Sample));
        var printed = Documents(output);
        Assert.That(printed, Has.Count.EqualTo(2));
        Assert.That(JsonNode.DeepEquals(printed[0], input[0]), Is.True, "the Service is unchanged");

        var template = printed[1]!["spec"]!["template"]!.AsObject();
        var expected = new SidecarInjector(new SidecarInjectionOptions())
            .Inject(input[1]!["spec"]!["template"]!.AsObject(), "bookinfo", InjectionTestPods.OptedIn).Pod;
        Assert.That(JsonNode.DeepEquals(template, expected), Is.True, template.ToJsonString());

        var bootstrap = InjectionTestPods.Bootstrap(template, "reviews-v1-abc", "10.4.0.9");
        Assert.That(new ProtoRulesChecker().Check(bootstrap), Is.Empty);
        var script = InjectionTestPods.Container(template, "initContainers", "istio-init")["command"]![2]!.ToString();
        Assert.That(script, Does.Contain("--dport 8081 -j RETURN"));
    }

    [Test]
    public void MissingFileIsAUsageError()
    {
        var (code, _, errors) = Run(Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid(), "x.yaml"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.StartWith("error:"));
    }

    [Test]
    public void BadAnnotationNamesTheDocumentAndPrintsItUnchanged()
    {
        var file = Path.Combine(Path.GetTempPath(), $"inject-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              template:
                metadata:
                  annotations: {traffic.sidecar.istio.io/excludeInboundPorts: "99999"}
                spec:
                  containers: [{name: app, image: app}]
            """);
        try
        {
            var (code, output, errors) = Run(file);
            Assert.That(code, Is.EqualTo(1));
            Assert.That(errors, Does.Contain("document 0").And.Contain("spec.template.metadata.annotations[traffic.sidecar.istio.io/excludeInboundPorts]"));
            Assert.That(Documents(output).Single()!["spec"]!["template"]!["spec"]!["containers"]!.AsArray(), Has.Count.EqualTo(1));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
