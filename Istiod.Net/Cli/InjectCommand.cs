using System.CommandLine;
using System.Text.Json.Nodes;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Validation.Files;
using Istiod.Net.Injection;
using YamlDotNet.Serialization;

namespace Istiod.Net.Cli;

/// <summary>
/// <c>istiod-net inject -f FILE|DIR|-</c>: prints the manifests with the sidecar added to every pod
/// template, like <c>istioctl kube-inject</c>. Exit 0 when all went well, 1 when a document could not be
/// read or injected (it is printed unchanged and the error names it), 2 for usage errors.
/// </summary>
public static class InjectCommand
{
    public static Command Create()
    {
        var files = ConfigFileArguments.CreateOption();
        var image = new Option<string>("--proxy-image") { Description = "Envoy image for istio-proxy", DefaultValueFactory = _ => SidecarInjectionOptions.DefaultProxyImage };
        var initImage = new Option<string>("--init-image") { Description = "Image of istio-init; must already carry sh and iptables (pods may have no egress)", DefaultValueFactory = _ => SidecarInjectionOptions.DefaultInitImage };
        var discovery = new Option<string?>("--discovery-address") { Description = "host:port of istiod-net's secure xDS port (default istiod-net.istio-system.svc:15012)" };
        var trustDomain = new Option<string>("--trust-domain") { DefaultValueFactory = _ => "cluster.local" };
        var clusterId = new Option<string>("--cluster-id") { DefaultValueFactory = _ => "Kubernetes" };
        var command = new Command("inject", "Add the Envoy sidecar to the pods of Kubernetes manifests") { files, image, initImage, discovery, trustDomain, clusterId };
        command.SetAction(parse => Run(
            parse.GetValue(files) ?? [],
            new SidecarInjectionOptions
            {
                ProxyImage = parse.GetValue(image) ?? SidecarInjectionOptions.DefaultProxyImage,
                InitImage = parse.GetValue(initImage) ?? SidecarInjectionOptions.DefaultInitImage,
                DiscoveryAddress = parse.GetValue(discovery),
                TrustDomain = parse.GetValue(trustDomain) ?? "cluster.local",
                ClusterId = parse.GetValue(clusterId) ?? "Kubernetes",
                IstioVersion = VersionCommand.Version,
            },
            Console.In,
            Console.Out,
            Console.Error));
        return command;
    }

    /// <summary>The command's work, apart from the console, so tests can run it in-process.</summary>
    public static int Run(IReadOnlyList<string> paths, SidecarInjectionOptions options, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (paths.Count == 0)
        {
            stderr.WriteLine("error: inject needs at least one -f FILE|DIR|-");
            return 2;
        }

        var (inputs, problem) = ConfigInputReader.Read(paths, stdin);
        if (problem is not null)
        {
            stderr.WriteLine($"error: {problem}");
            return 2;
        }

        var injector = new ManifestInjector(new SidecarInjector(options));
        var serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();
        var failed = false;
        var first = true;
        foreach (var input in inputs)
        {
            var read = YamlJsonReader.Read(input.Text);
            foreach (var document in read.Documents)
            {
                if (document.Root is null)
                {
                    continue;
                }

                JsonNode? output;
                try
                {
                    output = injector.Inject(document.Root);
                }
                catch (SidecarInjectionException e)
                {
                    stderr.WriteLine($"error: {input.Source} document {document.Index}: {e.Message}");
                    failed = true;
                    output = document.Root;
                }

                if (!first)
                {
                    stdout.WriteLine("---");
                }

                first = false;
                stdout.Write(serializer.Serialize(Plain(output)));
            }

            if (read.Error is { } error)
            {
                stderr.WriteLine($"error: {input.Source} document {error.DocumentIndex}: {error}");
                failed = true;
            }
        }

        return failed ? 1 : 0;
    }

    /// <summary>JSON nodes as the dictionaries, lists and scalars YamlDotNet serializes.</summary>
    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
            System.Text.Json.JsonValueKind.True => true,
            System.Text.Json.JsonValueKind.False => false,
            System.Text.Json.JsonValueKind.Number when long.TryParse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
            System.Text.Json.JsonValueKind.Number => double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => node.ToJsonString(),
    };
}
