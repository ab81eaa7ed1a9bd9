using System.Text.Json.Nodes;
using Istiod.Net.Diagnostics;
using Istiod.Net.Xds.Bootstrap;

namespace Istiod.Net.Injection;

/// <summary>
/// The bootstrap Envoy gets as <c>--config-yaml</c> (JSON is YAML). The pod's name and IP are unknown at
/// admission time (a Deployment's pods get generated names), and Envoy does not expand environment
/// variables in its config, so the per-pod fields hold <c>$(POD_NAME)</c>-style references that the kubelet
/// expands in container args from the container's env. Any other <c>$(</c> is escaped as <c>$$(</c> so it stays literal.
/// </summary>
public static class SidecarBootstrap
{
    public const string PodNameRef = "$(POD_NAME)";
    public const string InstanceIpRef = "$(INSTANCE_IP)";

    public static string Json(
        SidecarInjectionOptions options, string podNamespace, string workloadName, IReadOnlyDictionary<string, string> labels, string serviceAccount,
        string interceptionMode = "REDIRECT")
    {
        var bootstrapOptions = new EnvoyBootstrapOptions
        {
            PodName = workloadName,
            Namespace = podNamespace,
            // A stand-in: the node id and INSTANCE_IPS are replaced by the kubelet reference below.
            IpAddresses = ["127.0.0.1"],
            Labels = labels,
            ServiceAccount = serviceAccount,
            DiscoveryAddress = options.ResolvedDiscoveryAddress,
            Secure = true,
            ClusterId = options.ClusterId,
            DnsDomain = options.DnsDomain,
            TrustDomain = options.TrustDomain,
            IstioVersion = options.IstioVersion,
            InterceptionMode = interceptionMode,
        };
        var message = EnvoyBootstrapBuilder.Build(bootstrapOptions);
        var root = JsonNode.Parse(XdsTypeRegistry.Format(message).Replace("$(", "$$(", StringComparison.Ordinal))!.AsObject();
        var node = root["node"]!.AsObject();
        node["id"] = $"sidecar~{InstanceIpRef}~{PodNameRef}.{podNamespace}~{podNamespace}.svc.{options.DnsDomain}";
        var metadata = node["metadata"]!.AsObject();
        metadata["NAME"] = PodNameRef;
        metadata["INSTANCE_IPS"] = InstanceIpRef;
        return root.ToJsonString();
    }
}
