using System.CommandLine;
using Istiod.Net.Config.Model;
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
        var trustDomain = new Option<string>("--trust-domain") { Description = "SPIFFE trust domain", DefaultValueFactory = _ => Env("TRUST_DOMAIN") ?? defaults.TrustDomain };
        var caDir = new Option<string?>("--ca-dir") { Description = "Folder for the self-signed root CA (created if empty); in memory when not given" };
        var cacertsDir = new Option<string?>("--cacerts-dir") { Description = "Plugged-in CA in Istio's cacerts layout (ca-cert.pem, ca-key.pem, cert-chain.pem, root-cert.pem)" };
        var tokenFile = new Option<string?>("--token-file") { Description = "Tokens the CA API accepts and the identities they stand for (file mode's TokenReview)" };
        var podNamespace = new Option<string>("--namespace") { Description = "Namespace the control plane runs in (env POD_NAMESPACE)", DefaultValueFactory = _ => Env("POD_NAMESPACE") ?? defaults.Namespace };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Watch the cluster of this kubeconfig file (current context)" };
        var inCluster = new Option<bool>("--in-cluster") { Description = "Watch the cluster this pod runs in, through its service account" };
        var podName = new Option<string>("--pod-name") { Description = "This replica's identity in the leader Lease (env POD_NAME)", DefaultValueFactory = _ => Env("POD_NAME") ?? defaults.PodName };
        var revision = new Option<string>("--revision") { Description = "Control plane revision (env REVISION)", DefaultValueFactory = _ => Env("REVISION") ?? defaults.Revision };
        var clusterId = new Option<string>("--cluster-id") { Description = "Name of this cluster (env CLUSTER_ID)", DefaultValueFactory = _ => Env("CLUSTER_ID") ?? defaults.ClusterId };
        var leaseName = new Option<string>("--lease-name") { Description = "Leader election Lease (env LEADER_ELECTION_LEASE)", DefaultValueFactory = _ => Env("LEADER_ELECTION_LEASE") ?? defaults.LeaseName };
        var validatingWebhook = new Option<string?>("--validating-webhook-configuration") { Description = "Our ValidatingWebhookConfiguration (env VALIDATING_WEBHOOK_CONFIGURATION)", DefaultValueFactory = _ => Env("VALIDATING_WEBHOOK_CONFIGURATION") };
        var mutatingWebhook = new Option<string?>("--mutating-webhook-configuration") { Description = "Our MutatingWebhookConfiguration (env MUTATING_WEBHOOK_CONFIGURATION)", DefaultValueFactory = _ => Env("MUTATING_WEBHOOK_CONFIGURATION") };
        var devInsecureSds = new Option<bool>("--dev-insecure-sds-on-plaintext")
        {
            Description = "DEVELOPMENT ONLY, INSECURE: serve workload keys on the plaintext xDS port to whatever identity node metadata claims",
        };
        var workloadCertTtl = new Option<string?>("--workload-cert-ttl") { Description = "Lifetime of workload certificates, e.g. 24h, 90m (default 24h)" };
        var maxConnectionAge = new Option<string?>("--max-connection-age")
        {
            Description = "Close xDS connections (GOAWAY) at this age so proxies reconnect and authenticate again, e.g. 30m, 1h (default 30m)",
        };
        var rootCheck = new Option<string?>("--root-rotation-check-interval")
        {
            Description = "How often the self-signed root is checked for rotation, e.g. 1h; 0 turns rotation off (env CITADEL_SELF_SIGNED_ROOT_CERT_CHECK_INTERVAL, default 1h)",
            DefaultValueFactory = _ => Env("CITADEL_SELF_SIGNED_ROOT_CERT_CHECK_INTERVAL"),
        };
        var rootGrace = new Option<int?>("--root-rotation-grace-percent")
        {
            Description = "Rotate the self-signed root once less than this percentage of its lifetime is left, 1-99 (env CITADEL_SELF_SIGNED_ROOT_CERT_GRACE_PERIOD_PERCENTILE, default 20)",
            DefaultValueFactory = _ => int.TryParse(Env("CITADEL_SELF_SIGNED_ROOT_CERT_GRACE_PERIOD_PERCENTILE"), out var percent) ? percent : null,
        };
        var xdsCacheSize = new Option<int>("--xds-cache-size")
        {
            Description = "Most entries the xDS resource cache holds; the least recently used are evicted past it",
            DefaultValueFactory = _ => defaults.XdsCacheSize,
        };
        var credentialsDir = new Option<string?>("--credentials-dir") { Description = "Gateway credentials in file mode: <dir>/<namespace>/<credentialName>/{tls.crt,tls.key,ca.crt}" };
        var initImage = new Option<string>("--init-image")
        {
            Description = "Image of the injected istio-init; must already carry sh and iptables (pods may have no egress) (env INJECTION_INIT_IMAGE)",
            DefaultValueFactory = _ => Env("INJECTION_INIT_IMAGE") ?? defaults.InitImage,
        };
        var gatewayServiceAccounts = new Option<string?>("--gateway-service-accounts")
        {
            Description = "File mode: service accounts that may read their namespace's gateway credentials (kubernetes://<name>), as <namespace>/<serviceAccount>,... "
                + "e.g. istio-system/istio-ingressgateway; none when not given. In a cluster RBAC decides (a SubjectAccessReview that the service account may get the Secret)",
        };
        var logLevel = new Option<string>("--log-level") { Description = LogLevelSpec.Help, DefaultValueFactory = _ => defaults.LogLevel };
        var logFormat = new Option<string>("--log-format") { Description = "text or json", DefaultValueFactory = _ => defaults.LogFormat };
        logFormat.AcceptOnlyFromAmong("text", "json");

        var command = new Command("serve", "Run the control plane")
        {
            configDir, meshConfig, bind, xdsPort, securePort, monitoringPort, webhookPort, debounceAfter, debounceMax, defaultNamespace,
            trustDomain, caDir, cacertsDir, tokenFile, podNamespace, logLevel, logFormat,
            kubeconfig, inCluster, podName, revision, clusterId, leaseName, validatingWebhook, mutatingWebhook, devInsecureSds, workloadCertTtl, credentialsDir,
            gatewayServiceAccounts, rootCheck, rootGrace, initImage, xdsCacheSize, maxConnectionAge,
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
                Kubeconfig = parse.GetValue(kubeconfig),
                InCluster = parse.GetValue(inCluster),
                PodName = parse.GetValue(podName)!,
                Revision = parse.GetValue(revision)!,
                ClusterId = parse.GetValue(clusterId)!,
                LeaseName = parse.GetValue(leaseName)!,
                ValidatingWebhookConfiguration = parse.GetValue(validatingWebhook),
                MutatingWebhookConfiguration = parse.GetValue(mutatingWebhook),
                LogLevel = parse.GetValue(logLevel)!,
                LogFormat = parse.GetValue(logFormat)!,
                DevInsecureSdsOnPlaintext = parse.GetValue(devInsecureSds),
                CredentialsDir = parse.GetValue(credentialsDir),
                InitImage = parse.GetValue(initImage)!,
                XdsCacheSize = parse.GetValue(xdsCacheSize),
            };
            if (!LogLevelSpec.TryParse(options.LogLevel, out _, out var logLevelError))
            {
                await Console.Error.WriteLineAsync($"error: --log-level '{options.LogLevel}': {logLevelError}");
                return 2;
            }

            if (options.XdsCacheSize < 1)
            {
                await Console.Error.WriteLineAsync($"error: --xds-cache-size {options.XdsCacheSize}: must be at least 1 (default {defaults.XdsCacheSize})");
                return 2;
            }

            if (parse.GetValue(workloadCertTtl) is { } ttlText)
            {
                if (!GoDuration.TryParse(ttlText, out var ttl, out var ttlError) || ttl <= TimeSpan.Zero)
                {
                    var problem = ttlError.Length > 0 ? ttlError : "must be positive";
                    await Console.Error.WriteLineAsync($"error: --workload-cert-ttl '{ttlText}': {problem} (e.g. 24h, 90m, 30s)");
                    return 2;
                }

                options = options with { WorkloadCertificateTtl = ttl };
            }

            if (parse.GetValue(maxConnectionAge) is { } ageText)
            {
                if (!GoDuration.TryParse(ageText, out var age, out var ageError) || age <= TimeSpan.Zero)
                {
                    var problem = ageError.Length > 0 ? ageError : "must be positive";
                    await Console.Error.WriteLineAsync($"error: --max-connection-age '{ageText}': {problem} (e.g. 30m, 1h)");
                    return 2;
                }

                options = options with { MaxConnectionAge = age };
            }

            if (parse.GetValue(rootCheck) is { } checkText)
            {
                if (!GoDuration.TryParse(checkText, out var check, out var checkError) || check < TimeSpan.Zero)
                {
                    var problem = checkError.Length > 0 ? checkError : "must not be negative";
                    await Console.Error.WriteLineAsync($"error: --root-rotation-check-interval '{checkText}': {problem} (e.g. 1h, 30m; 0 turns rotation off)");
                    return 2;
                }

                options = options with
                {
                    RootRotation = check == TimeSpan.Zero ? options.RootRotation with { Enabled = false } : options.RootRotation with { CheckInterval = check },
                };
            }

            if (parse.GetValue(rootGrace) is { } percent)
            {
                if (percent is < 1 or > 99)
                {
                    await Console.Error.WriteLineAsync($"error: --root-rotation-grace-percent {percent}: must be between 1 and 99");
                    return 2;
                }

                options = options with { RootRotation = options.RootRotation with { GracePeriodRatio = percent / 100.0 } };
            }

            if (parse.GetValue(gatewayServiceAccounts) is { } accountsText)
            {
                if (options.HasCluster)
                {
                    await Console.Error.WriteLineAsync("error: --gateway-service-accounts is for file mode; in a cluster RBAC decides who reads a Secret");
                    return 2;
                }

                try
                {
                    options = options with { GatewayServiceAccounts = Security.Credentials.ServiceAccountListAuthorizer.Parse(accountsText) };
                }
                catch (FormatException e)
                {
                    await Console.Error.WriteLineAsync($"error: --gateway-service-accounts: {e.Message}");
                    return 2;
                }
            }

            if (options.CredentialsDir is { } credentials && !Directory.Exists(credentials))
            {
                await Console.Error.WriteLineAsync($"error: --credentials-dir {credentials}: no such folder");
                return 2;
            }

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

            if (options.InCluster && options.Kubeconfig is not null)
            {
                await Console.Error.WriteLineAsync("error: --in-cluster and --kubeconfig name two ways to reach a cluster; give one");
                return 2;
            }

            if (options.Kubeconfig is { } file && !File.Exists(file))
            {
                await Console.Error.WriteLineAsync($"error: --kubeconfig {file}: no such file");
                return 2;
            }

            return await IstiodHost.RunAsync(options, cancellation);
        });
        return command;
    }

    /// <summary>An environment variable the chart sets, or null when unset or empty.</summary>
    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

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
