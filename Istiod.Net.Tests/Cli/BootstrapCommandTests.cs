using System.Text.Json.Nodes;
using Istiod.Net.Cli;
using Istiod.Net.Xds.Bootstrap;

namespace Istiod.Net.Tests.Cli;

/// <summary><c>istiod-net bootstrap</c>: the command line, the files it writes, its errors.</summary>
public sealed class BootstrapCommandTests
{
    private static EnvoyBootstrapOptions Options() => new()
    {
        PodName = "details-v1-1",
        IpAddresses = ["10.1.1.2"],
        Labels = new Dictionary<string, string> { ["app"] = "details" },
        IstioVersion = "test",
    };

    [Test]
    public void Prints_json_by_default_and_writes_a_file_on_request()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.That(BootstrapCommand.Run(Options(), BootstrapFormat.Json, null, stdout, stderr), Is.Zero, stderr.ToString());
        var printed = JsonNode.Parse(stdout.ToString())!;
        Assert.That(printed["node"]!["id"]!.GetValue<string>(), Is.EqualTo("sidecar~10.1.1.2~details-v1-1.default~default.svc.cluster.local"));

        var file = Path.Combine(Path.GetTempPath(), $"bootstrap-{Guid.NewGuid():N}.yaml");
        try
        {
            Assert.That(BootstrapCommand.Run(Options(), BootstrapFormat.Yaml, file, stdout, stderr), Is.Zero);
            Assert.That(File.ReadAllText(file), Does.StartWith("node:\n  id: sidecar~10.1.1.2~details-v1-1.default~default.svc.cluster.local"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Bad_options_exit_2_with_the_reason()
    {
        var stderr = new StringWriter();

        var exit = BootstrapCommand.Run(Options() with { DiscoveryAddress = "istiod" }, BootstrapFormat.Json, null, new StringWriter(), stderr);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.Contain("discovery address 'istiod' must be host:port"));
    }

    [Test]
    public void An_unwritable_output_exits_1()
    {
        var stderr = new StringWriter();

        var exit = BootstrapCommand.Run(Options(), BootstrapFormat.Json, "/nonexistent-dir/x/bootstrap.json", new StringWriter(), stderr);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.Contain("cannot write"));
    }

    [TestCase("app=reviews,version=v2", 2, null)]
    [TestCase(" app = reviews ", 1, null)]
    [TestCase("", 0, null)]
    [TestCase("app", 0, "'app' is not key=value")]
    [TestCase("app=a,app=b", 0, "label 'app' is given twice")]
    public void Labels_are_parsed(string text, int count, string? error)
    {
        var (labels, problem) = BootstrapCommand.ParseLabels(text);

        Assert.That(problem, Is.EqualTo(error));
        Assert.That(labels?.Count ?? 0, Is.EqualTo(count));
    }

    [Test]
    public async Task The_whole_command_line_runs()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bootstrap-{Guid.NewGuid():N}.json");
        try
        {
            var exit = await CliApp.RunAsync(["bootstrap", "--type", "router", "--pod", "gw-1", "-n", "istio-system", "--ip", "10.0.0.9",
                "--labels", "istio=ingressgateway", "--secure", "--discovery-address", "istiod.istio-system.svc:15012", "-o", file]).WaitAsync(TimeSpan.FromMinutes(1));

            Assert.That(exit, Is.Zero);
            var json = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
            Assert.That(json["node"]!["id"]!.GetValue<string>(), Does.StartWith("router~10.0.0.9~gw-1.istio-system~"));
            Assert.That(json["dynamicResources"]!["adsConfig"]!["grpcServices"]![0]!["googleGrpc"]!["targetUri"]!.GetValue<string>(), Is.EqualTo("istiod.istio-system.svc:15012"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Admin_and_stats_ports_and_the_interception_mode_come_from_flags()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bootstrap-{Guid.NewGuid():N}.json");
        try
        {
            var exit = await CliApp.RunAsync(["bootstrap", "--pod", "client-1", "--ip", "127.0.0.1", "--admin-port", "25000",
                "--prometheus-port", "25090", "--health-port", "25021", "--interception-mode", "NONE", "--discovery-address", "127.0.0.1:15010", "-o", file]).WaitAsync(TimeSpan.FromMinutes(1));

            Assert.That(exit, Is.Zero);
            var json = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
            Assert.That(json["admin"]!["address"]!["socketAddress"]!["portValue"]!.GetValue<int>(), Is.EqualTo(25000));
            Assert.That(json["node"]!["metadata"]!["INTERCEPTION_MODE"]!.GetValue<string>(), Is.EqualTo("NONE"));
            Assert.That(json["node"]!["metadata"]!["ENVOY_PROMETHEUS_PORT"]!.GetValue<double>(), Is.EqualTo(25090));
            Assert.That(json["staticResources"]!["listeners"]![0]!["address"]!["socketAddress"]!["portValue"]!.GetValue<int>(), Is.EqualTo(25090));
            var health = json["staticResources"]!["listeners"]!.AsArray().Single(l => l!["name"]!.GetValue<string>() == "health")!;
            Assert.That(health["address"]!["socketAddress"]!["portValue"]!.GetValue<int>(), Is.EqualTo(25021));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void The_same_port_for_admin_and_stats_is_refused()
    {
        var stderr = new StringWriter();

        var exit = BootstrapCommand.Run(Options() with { AdminPort = 15090 }, BootstrapFormat.Json, null, new StringWriter(), stderr);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.Contain("admin and Prometheus ports are both 15090"));
    }
}
