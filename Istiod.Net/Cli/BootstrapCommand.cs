using System.CommandLine;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Istiod.Net.Xds.Bootstrap;
using Istiod.Net.Xds.Validation;

namespace Istiod.Net.Cli;

/// <summary>
/// <c>istiod-net bootstrap</c>: prints the bootstrap a stock Envoy starts from to join the mesh as a sidecar
/// or a gateway (see <see cref="EnvoyBootstrapBuilder"/>). The result is checked against Envoy's own
/// validate.rules before it is printed. Exit 0 on success, 1 when the file cannot be written, 2 for usage errors.
/// </summary>
public static class BootstrapCommand
{
    public static Command Create()
    {
        var type = new Option<string>("--type") { Description = "sidecar (a workload's proxy) or router (a gateway)", DefaultValueFactory = _ => "sidecar" };
        type.AcceptOnlyFromAmong("sidecar", "router");
        var pod = new Option<string?>("--pod", "--name") { Description = "Pod (or VM) name; default: this host's name" };
        var ns = new Option<string>("--namespace", "-n") { Description = "Namespace of the workload", DefaultValueFactory = _ => "default" };
        var ip = new Option<string[]>("--ip") { Description = "The workload's IP address(es), first one in the node id; default: this host's first IPv4", AllowMultipleArgumentsPerToken = true };
        var labels = new Option<string?>("--labels") { Description = "Workload labels as k=v,k2=v2 (app and version select routes and subsets)" };
        var account = new Option<string>("--service-account") { Description = "Service account of the workload", DefaultValueFactory = _ => "default" };
        var discovery = new Option<string?>("--discovery-address") { Description = "host:port of the control plane; default istiod.istio-system.svc:15010 (15012 with --secure)" };
        var secure = new Option<bool>("--secure") { Description = "TLS to the secure port, authenticated by a bearer token file" };
        var rootCert = new Option<string>("--root-cert") { Description = "Mesh root certificate (PEM) for --secure", DefaultValueFactory = _ => EnvoyBootstrapOptions.DefaultRootCertPath };
        var tokenFile = new Option<string>("--token-file") { Description = "Bearer token file (audience istio-ca) for --secure; read for every new stream", DefaultValueFactory = _ => EnvoyBootstrapOptions.DefaultTokenPath };
        var serverName = new Option<string?>("--tls-server-name") { Description = "Name in the control plane's certificate, when the address is not it" };
        var clusterId = new Option<string>("--cluster-id") { Description = "Cluster the workload runs in (metadata CLUSTER_ID)", DefaultValueFactory = _ => "Kubernetes" };
        var interception = new Option<string>("--interception-mode")
        {
            Description = "How the workload's traffic reaches the proxy: REDIRECT (iptables), TPROXY, or NONE (no capture: listeners bind their own ports)",
            DefaultValueFactory = _ => "REDIRECT",
        };
        interception.AcceptOnlyFromAmong("REDIRECT", "TPROXY", "NONE");
        var format = new Option<string>("--format") { Description = "json or yaml", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "yaml");
        var adminPort = new Option<int>("--admin-port") { Description = "Envoy's admin port on 127.0.0.1", DefaultValueFactory = _ => 15000 };
        var prometheusPort = new Option<int>("--prometheus-port") { Description = "Port of the stats listener (/stats/prometheus)", DefaultValueFactory = _ => 15090 };
        var healthPort = new Option<int>("--health-port") { Description = "Port of the readiness listener (/healthz/ready)", DefaultValueFactory = _ => EnvoyBootstrapOptions.DefaultHealthPort };
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output" };

        var command = new Command("bootstrap", "Print an Envoy bootstrap that joins a stock Envoy to this control plane")
        {
            type, pod, ns, ip, labels, account, discovery, secure, rootCert, tokenFile, serverName, clusterId, adminPort, prometheusPort, healthPort, interception, format, output,
        };
        command.SetAction(parse =>
        {
            var parsedLabels = ParseLabels(parse.GetValue(labels));
            if (parsedLabels.Error is { } labelError)
            {
                Console.Error.WriteLine($"error: --labels: {labelError}");
                return 2;
            }

            var ips = parse.GetValue(ip) is { Length: > 0 } given
                ? given.SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray()
                : [HostAddress()];
            var options = new EnvoyBootstrapOptions
            {
                Type = parse.GetValue(type) == "router" ? BootstrapProxyType.Router : BootstrapProxyType.Sidecar,
                PodName = parse.GetValue(pod) ?? Environment.MachineName.ToLowerInvariant().Split('.')[0],
                Namespace = parse.GetValue(ns)!,
                IpAddresses = ips,
                Labels = parsedLabels.Labels!,
                ServiceAccount = parse.GetValue(account)!,
                DiscoveryAddress = parse.GetValue(discovery),
                Secure = parse.GetValue(secure),
                RootCertPath = parse.GetValue(rootCert)!,
                TokenPath = parse.GetValue(tokenFile)!,
                TlsServerName = parse.GetValue(serverName),
                ClusterId = parse.GetValue(clusterId)!,
                IstioVersion = VersionCommand.Version,
                AdminPort = parse.GetValue(adminPort),
                PrometheusPort = parse.GetValue(prometheusPort),
                HealthPort = parse.GetValue(healthPort),
                InterceptionMode = parse.GetValue(interception)!,
            };
            var chosen = parse.GetValue(format) == "yaml" ? BootstrapFormat.Yaml : BootstrapFormat.Json;
            return Run(options, chosen, parse.GetValue(output), Console.Out, Console.Error);
        });
        return command;
    }

    /// <summary>The command's work, apart from flag parsing and the console, so tests can run it in-process.</summary>
    public static int Run(EnvoyBootstrapOptions options, BootstrapFormat format, string? outputPath, TextWriter stdout, TextWriter stderr)
    {
        Envoy.Config.Bootstrap.V3.Bootstrap bootstrap;
        try
        {
            bootstrap = EnvoyBootstrapBuilder.Build(options);
        }
        catch (BootstrapOptionsException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 2;
        }

        var violations = new ProtoRulesChecker().Check(bootstrap);
        if (violations.Count > 0)
        {
            // A bug of ours, not of the user's: say so rather than print a bootstrap Envoy would refuse.
            stderr.WriteLine("error: the bootstrap breaks Envoy's validation rules (a bug in istiod-net):");
            foreach (var violation in violations)
            {
                stderr.WriteLine($"  {violation}");
            }

            return 1;
        }

        var text = BootstrapWriter.Write(bootstrap, format);
        if (outputPath is null)
        {
            stdout.Write(text);
            return 0;
        }

        try
        {
            File.WriteAllText(outputPath, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {outputPath}: cannot write: {e.Message}");
            return 1;
        }

        stderr.WriteLine($"wrote {outputPath} (node {EnvoyBootstrapBuilder.NodeId(options)})");
        return 0;
    }

    /// <summary>k=v,k2=v2 into a map; an error message instead for a pair without '=' or with an empty key.</summary>
    public static (IReadOnlyDictionary<string, string>? Labels, string? Error) ParseLabels(string? text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                return (null, $"'{pair}' is not key=value");
            }

            var key = pair[..eq].Trim();
            if (!labels.TryAdd(key, pair[(eq + 1)..].Trim()))
            {
                return (null, $"label '{key}' is given twice");
            }
        }

        return (labels, null);
    }

    private static string HostAddress()
    {
        try
        {
            var address = NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
            return address?.ToString() ?? "127.0.0.1";
        }
        catch (NetworkInformationException)
        {
            return "127.0.0.1";
        }
    }
}
