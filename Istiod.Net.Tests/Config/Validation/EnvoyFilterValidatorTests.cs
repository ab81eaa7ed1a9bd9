namespace Istiod.Net.Tests.Config.Validation;

/// <summary>EnvoyFilter patch rules, valid and invalid cases of our own.</summary>
public sealed class EnvoyFilterValidatorTests
{
    private const string Networking = "networking.istio.io/v1alpha3";

    [Test]
    public void Patch_with_match_and_value_is_valid() => PolicyTestKit.AssertValid(Networking, "EnvoyFilter", """
        workloadSelector: {labels: {app: web}}
        configPatches:
        - applyTo: HTTP_FILTER
          match:
            context: SIDECAR_INBOUND
            listener: {portNumber: 8080, filterChain: {filter: {name: envoy.filters.network.http_connection_manager}}}
          patch:
            operation: INSERT_BEFORE
            value: {name: envoy.filters.http.lua, typed_config: {"@type": type.googleapis.com/x}}
        """);

    [Test]
    public void Patch_problems_are_each_reported()
    {
        const string spec = """
            configPatches:
            - applyTo: SOMETHING
              match: {context: SIDECAR_OUTBOUND, waypoint: {portNumber: 70000}}
              patch: {operation: ADD}
            - applyTo: CLUSTER
            """;
        PolicyTestKit.AssertError(Networking, "EnvoyFilter", spec, "spec.configPatches[0].applyTo", "Unsupported");
        PolicyTestKit.AssertError(Networking, "EnvoyFilter", spec, "spec.configPatches[0].match", "WAYPOINT");
        PolicyTestKit.AssertError(Networking, "EnvoyFilter", spec, "spec.configPatches[0].match.waypoint.portNumber", "1-65535");
        PolicyTestKit.AssertError(Networking, "EnvoyFilter", spec, "spec.configPatches[0].patch.value", "needs a value");
        PolicyTestKit.AssertError(Networking, "EnvoyFilter", spec, "spec.configPatches[1].patch", "Required");
    }
}
