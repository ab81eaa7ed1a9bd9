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

    public static string Write(string directory, string podName, int xdsPort)
    {
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
                ["metadata"] = new Dictionary<string, string>
                {
                    ["GENERATOR"] = "grpc",
                    ["NAMESPACE"] = Namespace,
                },
            },
        };
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"bootstrap-{podName}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(bootstrap, new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
