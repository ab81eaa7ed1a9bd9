using System.CommandLine;
using Istiod.Net.Config.Mesh;
using Istiod.Net.Hosting;

namespace Istiod.Net.Cli;

/// <summary><c>istiod-net serve</c>: run the control plane until stopped.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var defaults = new ServeOptions();
        var configDir = new Option<string?>("--config-dir") { Description = "Folder of Istio YAML to load and watch" };
        var meshConfig = new Option<string?>("--mesh-config") { Description = "Istio MeshConfig YAML (trust domain, outbound policy, auto mTLS, locality LB…); Istio's defaults when absent" };
        var bind = new Option<string>("--bind") { Description = "Address to listen on", DefaultValueFactory = _ => defaults.Bind };
        var xdsPort = new Option<int>("--xds-port") { Description = "Plaintext xDS port", DefaultValueFactory = _ => defaults.XdsPort };
        var securePort = new Option<int>("--secure-port") { Description = "TLS port for xDS and the CA API", DefaultValueFactory = _ => defaults.SecurePort };
        var monitoringPort = new Option<int>("--monitoring-port") { Description = "Port of /ready, /metrics and /debug", DefaultValueFactory = _ => defaults.MonitoringPort };
        var webhookPort = new Option<int>("--webhook-port") { Description = "TLS port of the validating admission webhook (/validate)", DefaultValueFactory = _ => defaults.WebhookPort };
        var debounceAfter = new Option<int>("--debounce-after-ms") { Description = "Quiet time before a push", DefaultValueFactory = _ => (int)defaults.DebounceAfter.TotalMilliseconds };
        var debounceMax = new Option<int>("--debounce-max-ms") { Description = "Longest a push waits for quiet", DefaultValueFactory = _ => (int)defaults.DebounceMax.TotalMilliseconds };
        var defaultNamespace = new Option<string>("--default-namespace") { Description = "Namespace of documents that name none", DefaultValueFactory = _ => defaults.DefaultNamespace };
        var trustDomain = new Option<string>("--trust-domain") { Description = "SPIFFE trust domain", DefaultValueFactory = _ => defaults.TrustDomain };
        var caDir = new Option<string?>("--ca-dir") { Description = "Folder for the self-signed root CA (created if empty); in memory when not given" };
        var cacertsDir = new Option<string?>("--cacerts-dir") { Description = "Plugged-in CA in Istio's cacerts layout (ca-cert.pem, ca-key.pem, cert-chain.pem, root-cert.pem)" };
        var tokenFile = new Option<string?>("--token-file") { Description = "Tokens the CA API accepts and the identities they stand for (file mode's TokenReview)" };
        var podNamespace = new Option<string>("--namespace") { Description = "Namespace the control plane runs in", DefaultValueFactory = _ => defaults.Namespace };
        var logLevel = new Option<string>("--log-level") { Description = "debug, info, warn or error", DefaultValueFactory = _ => defaults.LogLevel };
        var logFormat = new Option<string>("--log-format") { Description = "text or json", DefaultValueFactory = _ => defaults.LogFormat };
        logFormat.AcceptOnlyFromAmong("text", "json");
        logLevel.AcceptOnlyFromAmong("debug", "info", "warn", "error");

        var command = new Command("serve", "Run the control plane")
        {
            configDir, meshConfig, bind, xdsPort, securePort, monitoringPort, webhookPort, debounceAfter, debounceMax, defaultNamespace,
            trustDomain, caDir, cacertsDir, tokenFile, podNamespace, logLevel, logFormat,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var options = new ServeOptions
            {
                ConfigDir = parse.GetValue(configDir),
                Bind = parse.GetValue(bind)!,
                XdsPort = parse.GetValue(xdsPort),
                SecurePort = parse.GetValue(securePort),
                MonitoringPort = parse.GetValue(monitoringPort),
                WebhookPort = parse.GetValue(webhookPort),
                DebounceAfter = TimeSpan.FromMilliseconds(parse.GetValue(debounceAfter)),
                DebounceMax = TimeSpan.FromMilliseconds(parse.GetValue(debounceMax)),
                DefaultNamespace = parse.GetValue(defaultNamespace)!,
                TrustDomain = parse.GetValue(trustDomain)!,
                CaDir = parse.GetValue(caDir),
                CacertsDir = parse.GetValue(cacertsDir),
                TokenFile = parse.GetValue(tokenFile),
                Namespace = parse.GetValue(podNamespace)!,
                LogLevel = parse.GetValue(logLevel)!,
                LogFormat = parse.GetValue(logFormat)!,
            };
            if (parse.GetValue(meshConfig) is { } meshFile)
            {
                var mesh = await ReadMeshConfigAsync(meshFile);
                if (mesh is null)
                {
                    return 2;
                }

                // The mesh config's trust domain, when it sets one, is the CA's too: both must name the same identities.
                options = options with { MeshConfigFile = meshFile, Mesh = mesh, TrustDomain = mesh.TrustDomain ?? options.TrustDomain };
            }

            if (options.ConfigDir is { } dir && !Directory.Exists(dir))
            {
                await Console.Error.WriteLineAsync($"error: --config-dir {dir}: no such folder");
                return 2;
            }

            return await IstiodHost.RunAsync(options, cancellation);
        });
        return command;
    }

    /// <summary>The mesh config of <paramref name="path"/>, or null after printing every error with its field path.</summary>
    public static async Task<MeshConfig?> ReadMeshConfigAsync(string path)
    {
        var result = MeshConfigReader.ReadFile(path);
        foreach (var warning in result.Warnings)
        {
            await Console.Error.WriteLineAsync($"warning: --mesh-config {path}: {warning}");
        }

        foreach (var error in result.Errors)
        {
            await Console.Error.WriteLineAsync($"error: --mesh-config {path}: {error}");
        }

        return result.IsValid ? result.Mesh : null;
    }
}
