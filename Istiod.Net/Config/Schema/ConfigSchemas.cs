using Istiod.Net.Config.Model;
using Istiod.Net.Config.Validation.Extensions;
using Istiod.Net.Config.Validation.Networking;
using Istiod.Net.Config.Validation.Rbac;
using Istiod.Net.Config.Validation.Security;
using Istiod.Net.Config.Validation.Telemetry;

namespace Istiod.Net.Config.Schema;

/// <summary>
/// The kinds Istiod.Net understands. Adding one is a row here, a spec record in Model/ and a validator
/// in Validation/.
/// </summary>
public static class ConfigSchemas
{
    public const string NetworkingGroup = "networking.istio.io";

    public const string SecurityGroup = "security.istio.io";

    public const string TelemetryGroup = "telemetry.istio.io";

    public const string ExtensionsGroup = "extensions.istio.io";

    /// <summary>The seeds' RBAC API (Istio 1.0-1.5), replaced by AuthorizationPolicy; still read and translated.</summary>
    public const string RbacGroup = "rbac.istio.io";

    public static readonly IReadOnlyList<string> SecurityVersions = ["v1", "v1beta1"];

    public static readonly IReadOnlyList<string> TelemetryVersions = ["v1", "v1alpha1"];

    /// <summary>Versions served by Istio's networking CRDs; all three share one schema.</summary>
    public static readonly IReadOnlyList<string> NetworkingVersions = ["v1", "v1beta1", "v1alpha3"];

    public static ConfigKind VirtualService { get; } = new(
        NetworkingGroup, "VirtualService", "virtualservices", NetworkingVersions, typeof(VirtualServiceSpec), new VirtualServiceValidator());

    public static ConfigKind DestinationRule { get; } = new(
        NetworkingGroup, "DestinationRule", "destinationrules", NetworkingVersions, typeof(DestinationRuleSpec), new DestinationRuleValidator());

    public static ConfigKind Gateway { get; } = new(
        NetworkingGroup, "Gateway", "gateways", NetworkingVersions, typeof(GatewaySpec), new GatewayValidator());

    public static ConfigKind ServiceEntry { get; } = new(
        NetworkingGroup, "ServiceEntry", "serviceentries", NetworkingVersions, typeof(ServiceEntrySpec), new ServiceEntryValidator());

    public static ConfigKind Sidecar { get; } = new(
        NetworkingGroup, "Sidecar", "sidecars", NetworkingVersions, typeof(SidecarSpec), new SidecarValidator());

    public static ConfigKind WorkloadEntry { get; } = new(
        NetworkingGroup, "WorkloadEntry", "workloadentries", NetworkingVersions, typeof(WorkloadEntrySpec), new WorkloadEntryValidator());

    public static ConfigKind WorkloadGroup { get; } = new(
        NetworkingGroup, "WorkloadGroup", "workloadgroups", NetworkingVersions, typeof(WorkloadGroupSpec), new WorkloadGroupValidator());

    public static ConfigKind AuthorizationPolicy { get; } = new(
        SecurityGroup, "AuthorizationPolicy", "authorizationpolicies", SecurityVersions, typeof(AuthorizationPolicySpec), new AuthorizationPolicyValidator());

    public static ConfigKind PeerAuthentication { get; } = new(
        SecurityGroup, "PeerAuthentication", "peerauthentications", SecurityVersions, typeof(PeerAuthenticationSpec), new PeerAuthenticationValidator());

    public static ConfigKind RequestAuthentication { get; } = new(
        SecurityGroup, "RequestAuthentication", "requestauthentications", SecurityVersions, typeof(RequestAuthenticationSpec), new RequestAuthenticationValidator());

    public static ConfigKind Telemetry { get; } = new(
        TelemetryGroup, "Telemetry", "telemetries", TelemetryVersions, typeof(TelemetrySpec), new TelemetryValidator());

    public static ConfigKind EnvoyFilter { get; } = new(
        NetworkingGroup, "EnvoyFilter", "envoyfilters", ["v1alpha3"], typeof(EnvoyFilterSpec), new EnvoyFilterValidator());

    public static ConfigKind ProxyConfig { get; } = new(
        NetworkingGroup, "ProxyConfig", "proxyconfigs", ["v1beta1"], typeof(ProxyConfigSpec), new ProxyConfigValidator());

    public static ConfigKind WasmPlugin { get; } = new(
        ExtensionsGroup, "WasmPlugin", "wasmplugins", ["v1alpha1"], typeof(WasmPluginSpec), new WasmPluginValidator());

    public static ConfigKind ServiceRole { get; } = new(
        RbacGroup, "ServiceRole", "serviceroles", ["v1alpha1"], typeof(ServiceRoleSpec), new ServiceRoleValidator());

    public static ConfigKind ServiceRoleBinding { get; } = new(
        RbacGroup, "ServiceRoleBinding", "servicerolebindings", ["v1alpha1"], typeof(ServiceRoleBindingSpec), new ServiceRoleBindingValidator());

    public static ConfigKind ClusterRbacConfig { get; } = new(
        RbacGroup, "ClusterRbacConfig", "clusterrbacconfigs", ["v1alpha1"], typeof(ClusterRbacConfigSpec), new ClusterRbacConfigValidator(), ClusterScoped: true);

    /// <summary>Every kind above, in one table.</summary>
    public static ConfigSchemaSet Istio { get; } = new(
    [
        VirtualService, DestinationRule, Gateway, ServiceEntry, Sidecar, WorkloadEntry, WorkloadGroup,
        AuthorizationPolicy, PeerAuthentication, RequestAuthentication, Telemetry, ProxyConfig, WasmPlugin, EnvoyFilter,
        ServiceRole, ServiceRoleBinding, ClusterRbacConfig,
    ]);
}
