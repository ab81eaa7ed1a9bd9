using System.CommandLine;
using Istiod.Net.Load.Mesh;
using Istiod.Net.Load.Reporting;
using Istiod.Net.Load.Running;

namespace Istiod.Net.Load.Cli;

/// <summary>
/// <c>istiod-net-load</c>: generate a mesh folder and/or drive simulated proxyless gRPC clients against a
/// running istiod-net. Exit code 0 when every client synced and ACKed every change, 1 when not, 2 for bad input.
/// </summary>
public static class LoadCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        var defaults = new LoadSettings();
        var shape = new MeshShape();
        var target = new Option<string>("--target") { Description = "Plaintext xDS address (h2c)", DefaultValueFactory = _ => defaults.Target.ToString() };
        var monitoringPort = new Option<int>("--monitoring-port") { Description = "Server monitoring port, on the target's host, for /metrics; 0 skips it", DefaultValueFactory = _ => 15014 };
        var clients = new Option<int>("--clients") { Description = "Simulated clients (one ADS stream each)", DefaultValueFactory = _ => defaults.Clients };
        var protocol = new Option<string>("--protocol") { Description = "sotw, delta or mixed", DefaultValueFactory = _ => "sotw" };
        protocol.AcceptOnlyFromAmong("sotw", "delta", "mixed");
        var streams = new Option<int>("--streams-per-connection") { Description = "ADS streams sharing one HTTP/2 connection", DefaultValueFactory = _ => defaults.StreamsPerConnection };
        var ramp = new Option<double>("--ramp") { Description = "Clients started per second", DefaultValueFactory = _ => defaults.RampPerSecond };
        var configDir = new Option<string?>("--config-dir") { Description = "Config folder the server watches (read, or written with --generate-services)" };
        var generate = new Option<int?>("--generate-services") { Description = "Write a mesh of K services into --config-dir first" };
        var namespaces = new Option<int>("--namespaces") { Description = "Namespaces the generated services and the clients spread over", DefaultValueFactory = _ => shape.Namespaces };
        var endpoints = new Option<int>("--endpoints-per-service") { Description = "STATIC endpoints per generated service", DefaultValueFactory = _ => shape.EndpointsPerService };
        var generateOnly = new Option<bool>("--generate-only") { Description = "Write the folder and exit (start the server on it, then run without this)" };
        var settle = new Option<int>("--settle-ms") { Description = "After generating, wait this long for a running server to load the folder", DefaultValueFactory = _ => 2000 };
        var listener = new Option<string[]>("--listener") { Description = "Listener (host:port) to subscribe to instead of a folder's services; repeatable", AllowMultipleArgumentsPerToken = true };
        var perClient = new Option<int?>("--listeners-per-client") { Description = "Listeners each client subscribes to (round-robin); default all" };
        var changes = new Option<int>("--changes") { Description = "Route changes to measure", DefaultValueFactory = _ => defaults.Changes };
        var pause = new Option<int>("--change-pause-ms") { Description = "Pause before each change", DefaultValueFactory = _ => (int)defaults.ChangePause.TotalMilliseconds };
        var changeTimeout = new Option<int>("--change-timeout") { Description = "Seconds to wait for all clients to ACK one change", DefaultValueFactory = _ => (int)defaults.ChangeTimeout.TotalSeconds };
        var syncTimeout = new Option<int>("--sync-timeout") { Description = "Seconds to wait for all clients to be in sync", DefaultValueFactory = _ => (int)defaults.SyncTimeout.TotalSeconds };
        var timeout = new Option<int>("--timeout") { Description = "Seconds after which the run stops and reports what it has", DefaultValueFactory = _ => (int)defaults.Timeout.TotalSeconds };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object" };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow a target that is not a loopback address" };

        var root = new RootCommand("istiod-net-load: simulated proxyless gRPC xDS clients against a running istiod-net")
        {
            target, monitoringPort, clients, protocol, streams, ramp, configDir, generate, namespaces, endpoints, generateOnly, settle,
            listener, perClient, changes, pause, changeTimeout, syncTimeout, timeout, json, allowRemote,
        };
        root.SetAction(async (parse, cancellation) =>
        {
            if (!Uri.TryCreate(parse.GetValue(target), UriKind.Absolute, out var targetUri))
            {
                return Fail($"--target '{parse.GetValue(target)}' is not an absolute URL such as http://127.0.0.1:15010");
            }

            var port = parse.GetValue(monitoringPort);
            var settings = new LoadSettings
            {
                Target = targetUri,
                Monitoring = port > 0 ? new UriBuilder(targetUri) { Port = port, Path = "/" }.Uri : null,
                Clients = parse.GetValue(clients),
                Protocol = Enum.Parse<AdsProtocol>(parse.GetValue(protocol)!, ignoreCase: true),
                StreamsPerConnection = parse.GetValue(streams),
                RampPerSecond = parse.GetValue(ramp),
                ListenersPerClient = parse.GetValue(perClient),
                Changes = parse.GetValue(changes),
                ChangePause = TimeSpan.FromMilliseconds(parse.GetValue(pause)),
                ChangeTimeout = TimeSpan.FromSeconds(parse.GetValue(changeTimeout)),
                SyncTimeout = TimeSpan.FromSeconds(parse.GetValue(syncTimeout)),
                Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
            };
            if (settings.Check() is { Count: > 0 } errors)
            {
                return Fail(string.Join(Environment.NewLine + "error: ", errors));
            }

            GeneratedMesh mesh;
            var dir = parse.GetValue(configDir);
            var listeners = parse.GetValue(listener) ?? [];
            var services = parse.GetValue(generate);
            try
            {
                if (listeners.Length > 0)
                {
                    if (dir is not null)
                    {
                        return Fail("give either --listener or --config-dir, not both");
                    }

                    mesh = GeneratedMesh.FromListeners(listeners);
                }
                else if (dir is null)
                {
                    return Fail("give --config-dir (with --generate-services to write one) or --listener host:port");
                }
                else if (services is { } count)
                {
                    var meshShape = new MeshShape { Services = count, Namespaces = parse.GetValue(namespaces), EndpointsPerService = parse.GetValue(endpoints) };
                    mesh = MeshGenerator.Write(dir, meshShape);
                    await Console.Error.WriteLineAsync($"wrote {count} services (ServiceEntry, DestinationRule, VirtualService each) to {dir}");
                    if (parse.GetValue(generateOnly))
                    {
                        return 0;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, parse.GetValue(settle))), cancellation);
                }
                else
                {
                    mesh = GeneratedMesh.Load(dir);
                }
            }
            catch (Exception e) when (e is MeshException or IOException or UnauthorizedAccessException)
            {
                return Fail(e.Message);
            }

            var remote = parse.GetValue(allowRemote);
            foreach (var (uri, option) in new[] { (settings.Target, "--target"), (settings.Monitoring, "--monitoring-port") })
            {
                if (uri is not null && await LoopbackGuard.CheckAsync(uri, option, remote, cancellation) is { } refusal)
                {
                    return Fail(refusal);
                }
            }

            var report = await new LoadRunner(settings, mesh, Console.Error).RunAsync(cancellation);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(ReportPrinter.ToJson(report));
            }
            else
            {
                ReportPrinter.WriteText(report, Console.Out);
            }

            return IsClean(report) ? 0 : 1;
        });

        // Ctrl-C cancels the run, which then stops its clients and still prints what it measured.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
    }

    private static bool IsClean(LoadReport report) =>
        report.StoppedEarly is null
        && report.Sync.Synced == report.Sync.Expected
        && report.Connect.Failed == 0
        && report.Changes.All(c => c.Missed == 0)
        && report.Traffic.Unreadable == 0;

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 2;
    }
}
