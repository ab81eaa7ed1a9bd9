using System.Text.Json;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// The gRPC xDS bootstrap file (GRPC_XDS_BOOTSTRAP) both clients read: where the control plane is
/// and who this client is. The node id has Istio's sidecar form, so the control plane derives the
/// namespace from it, and the pod name part lets a test find its own client in /debug/syncz.
/// </summary>
public static class E2eBootstrap
{
    public const string Namespace = "default";

    public static string NodeId(string podName) =>
        $"sidecar~127.0.0.1~{podName}.{Namespace}~{Namespace}.svc.cluster.local";

    /// <summary>The certificate provider instance the control plane's TLS contexts name.</summary>
    public const string CertificateProviderInstance = "default";

    public static string Write(string directory, string podName, int xdsPort, E2eBootstrapOptions? options = null)
    {
        var metadata = new Dictionary<string, object>
        {
            ["GENERATOR"] = "grpc",
            ["NAMESPACE"] = Namespace,
        };
        if (options?.Labels is { Count: > 0 } labels)
        {
            metadata["LABELS"] = labels;
        }
        if (options?.ServiceAccount is { Length: > 0 } serviceAccount)
        {
            metadata["SERVICE_ACCOUNT"] = serviceAccount;
        }

        var bootstrap = new Dictionary<string, object>
        {
            ["xds_servers"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["server_uri"] = $"127.0.0.1:{xdsPort}",
                    ["channel_creds"] = new[] { new Dictionary<string, string> { ["type"] = "insecure" } },
                    ["server_features"] = new[] { "xds_v3" },
                },
            },
            ["node"] = new Dictionary<string, object>
            {
                ["id"] = NodeId(podName),
                // grpc-js-xds refuses a bootstrap whose node has no locality, even an empty one.
                ["locality"] = new Dictionary<string, string>(),
                ["metadata"] = metadata,
            },
        };
        if (options?.Certificates is { } files)
        {
            bootstrap["certificate_providers"] = new Dictionary<string, object>
            {
                [CertificateProviderInstance] = new Dictionary<string, object>
                {
                    ["plugin_name"] = "file_watcher",
                    ["config"] = new Dictionary<string, string>
                    {
                        ["certificate_file"] = files.CertificateChain,
                        ["private_key_file"] = files.PrivateKey,
                        ["ca_certificate_file"] = files.Roots,
                        ["refresh_interval"] = "1s",
                    },
                },
            };
        }
        if (options?.ServerListenerNameTemplate is { Length: > 0 } template)
        {
            bootstrap["server_listener_resource_name_template"] = template;
        }
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"bootstrap-{podName}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(bootstrap, new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
