namespace Istiod.Net.Tests.Config.Validation;

/// <summary>WasmPlugin and ProxyConfig rules, valid and invalid cases of our own.</summary>
public sealed class WasmPluginAndProxyConfigValidatorTests
{
    private const string Extensions = "extensions.istio.io/v1alpha1";
    private const string Networking = "networking.istio.io/v1beta1";

    [Test]
    public void Wasm_plugin_with_config_env_and_match_is_valid() => PolicyTestKit.AssertValid(Extensions, "WasmPlugin", """
        selector: {matchLabels: {app: web}}
        url: oci://registry.example.com/filters/auth:1.0
        sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        phase: AUTHZ
        pluginConfig: {nested: {list: [1, 2]}, flag: true}
        vmConfig:
          env: [{name: A, valueFrom: HOST}, {name: B, value: x}]
        match:
        - mode: SERVER
          ports: [{number: 8080}]
        """);

    [Test]
    public void Bare_image_reference_is_an_oci_url() =>
        PolicyTestKit.AssertValid(Extensions, "WasmPlugin", "url: registry.example.com/filter:1");

    [Test]
    public void Wasm_plugin_problems_are_each_reported()
    {
        const string spec = """
            url: "ftp://example.com/x.wasm"
            sha256: ABC
            pluginName: ""
            vmConfig:
              env: [{name: A}, {name: A}, {name: B, valueFrom: HOST, value: v}]
            match:
            - ports: [{}]
            """;
        PolicyTestKit.AssertError(Extensions, "WasmPlugin", spec, "spec.url", "schema");
        PolicyTestKit.AssertError(Extensions, "WasmPlugin", spec, "spec.sha256", "should match");
        PolicyTestKit.AssertError(Extensions, "WasmPlugin", spec, "spec.pluginName", "at least 1");
        PolicyTestKit.AssertError(Extensions, "WasmPlugin", spec, "spec.vmConfig.env[1].name", "Duplicate");
        PolicyTestKit.AssertError(Extensions, "WasmPlugin", spec, "spec.vmConfig.env[2].value", "INLINE");
        PolicyTestKit.AssertError(Extensions, "WasmPlugin", spec, "spec.match[0].ports[0].number", "Required");
    }

    [Test]
    public void Wasm_plugin_needs_a_url() =>
        PolicyTestKit.AssertError(Extensions, "WasmPlugin", "phase: STATS", "spec.url", "Required");

    [Test]
    public void Proxy_config_is_valid_and_checks_concurrency_and_selector_keys()
    {
        PolicyTestKit.AssertValid(Networking, "ProxyConfig", "concurrency: 2\nselector: {matchLabels: {app: a}}\nenvironmentVariables: {A: b}");
        PolicyTestKit.AssertError(Networking, "ProxyConfig", "concurrency: -1", "spec.concurrency", "greater than or equal to 0");
        PolicyTestKit.AssertError(Networking, "ProxyConfig", "selector: {matchLabels: {\"\": a}}", "spec.selector.matchLabels", "key must not be empty");
    }
}
