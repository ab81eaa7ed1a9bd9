namespace Istiod.Net.Tests.Config.Validation;

/// <summary>AuthorizationPolicy, PeerAuthentication and RequestAuthentication rules, valid and invalid cases of our own.</summary>
public sealed class SecurityValidatorTests
{
    private const string Security = "security.istio.io/v1";

    private static void Valid(string kind, string spec) => PolicyTestKit.AssertValid(Security, kind, spec);

    private static void Error(string kind, string spec, string path, string fragment) => PolicyTestKit.AssertError(Security, kind, spec, path, fragment);

    [Test]
    public void Authorization_policy_with_sources_operations_and_conditions_is_valid() => Valid("AuthorizationPolicy", """
        selector:
          matchLabels: {app: web}
        action: DENY
        rules:
        - from:
          - source: {principals: ["cluster.local/ns/a/sa/b", "*-suffix"], ipBlocks: ["10.0.0.0/8", "1.2.3.4"]}
          to:
          - operation: {methods: ["GET"], ports: ["8080"], paths: ["/api/*", "/{**}/x"]}
          when:
          - key: request.headers[x-user]
            values: ["alice"]
          - key: destination.port
            notValues: ["22"]
        """);

    [Test]
    public void Service_accounts_cannot_mix_with_namespaces() => Error("AuthorizationPolicy", """
        rules:
        - from:
          - source: {serviceAccounts: ["a/b"], namespaces: ["a"]}
        """, "spec.rules[0].from[0].source.serviceAccounts", "Cannot set serviceAccounts");

    [Test]
    public void Wildcard_in_the_middle_is_rejected() => Error("AuthorizationPolicy", """
        rules:
        - from:
          - source: {principals: ["a*b"]}
        """, "spec.rules[0].from[0].source.principals[0]", "wildcard");

    [Test]
    public void Bad_ip_block_and_port_are_rejected()
    {
        const string spec = """
            rules:
            - from:
              - source: {ipBlocks: ["10.0.0.0/99"]}
              to:
              - operation: {ports: ["http"]}
            """;
        Error("AuthorizationPolicy", spec, "spec.rules[0].from[0].source.ipBlocks[0]", "CIDR");
        Error("AuthorizationPolicy", spec, "spec.rules[0].to[0].operation.ports[0]", "port");
    }

    [Test]
    public void Condition_needs_known_key_and_values()
    {
        Error("AuthorizationPolicy", """
            rules:
            - when:
              - key: source.color
                values: ["red"]
            """, "spec.rules[0].when[0].key", "unknown attribute");
        Error("AuthorizationPolicy", """
            rules:
            - when:
              - key: source.ip
            """, "spec.rules[0].when[0]", "values or notValues");
    }

    [Test]
    public void Custom_action_needs_a_provider_and_provider_needs_custom()
    {
        Error("AuthorizationPolicy", "action: CUSTOM", "spec.provider", "provider name");
        Error("AuthorizationPolicy", "action: ALLOW\nprovider: {name: ext}", "spec.provider", "CUSTOM");
    }

    [Test]
    public void Selector_and_target_ref_are_exclusive() => Error("AuthorizationPolicy", """
        selector: {matchLabels: {a: b}}
        targetRef: {kind: Gateway, group: gateway.networking.k8s.io, name: gw}
        """, "spec.selector", "only one of targetRefs or selector");

    [Test]
    public void Peer_authentication_with_port_level_mtls_is_valid() => Valid("PeerAuthentication", """
        selector: {matchLabels: {app: db}}
        mtls: {mode: STRICT}
        portLevelMtls:
          "5432": {mode: PERMISSIVE}
        """);

    [Test]
    public void Port_level_mtls_needs_a_selector_and_numeric_ports()
    {
        Error("PeerAuthentication", "portLevelMtls:\n  \"80\": {mode: STRICT}", "spec.portLevelMtls", "requires selector");
        Error("PeerAuthentication", "selector: {matchLabels: {a: b}}\nportLevelMtls:\n  \"http\": {mode: STRICT}", "spec.portLevelMtls[http]", "port");
        Error("PeerAuthentication", "selector: {matchLabels: {a: b}}\nportLevelMtls:\n  \"70000\": {mode: STRICT}", "spec.portLevelMtls[70000]", "1-65535");
    }

    [Test]
    public void Unknown_mtls_mode_is_rejected()
    {
        var result = PolicyTestKit.Parse(Security, "PeerAuthentication", "mtls: {mode: SOMETIMES}");
        Assert.That(result.Errors.Select(e => e.Path), Has.Member("spec.mtls.mode"));
    }

    [Test]
    public void Wildcard_selector_labels_are_rejected() =>
        Error("PeerAuthentication", "selector: {matchLabels: {app: \"*\"}}", "spec.selector.matchLabels[app]", "wildcard");

    [Test]
    public void Request_authentication_with_jwt_rules_is_valid() => Valid("RequestAuthentication", """
        selector: {matchLabels: {app: web}}
        jwtRules:
        - issuer: https://issuer.example.com
          jwksUri: https://issuer.example.com/jwks
          audiences: [web]
          fromHeaders: [{name: x-jwt, prefix: "Bearer "}]
          outputClaimToHeaders: [{header: x-sub, claim: sub}]
          timeout: 5s
        """);

    [Test]
    public void Jwt_rule_problems_are_each_reported()
    {
        const string spec = """
            jwtRules:
            - jwksUri: "not a url"
              audiences: [""]
              fromHeaders: [{prefix: x}]
              outputClaimToHeaders: [{header: ":authority", claim: sub}]
              timeout: apple
            """;
        Error("RequestAuthentication", spec, "spec.jwtRules[0].issuer", "issuer");
        Error("RequestAuthentication", spec, "spec.jwtRules[0].jwksUri", "scheme");
        Error("RequestAuthentication", spec, "spec.jwtRules[0].audiences[0]", "at least 1");
        Error("RequestAuthentication", spec, "spec.jwtRules[0].fromHeaders[0].name", "Required");
        Error("RequestAuthentication", spec, "spec.jwtRules[0].outputClaimToHeaders[0].header", "should match");
        Error("RequestAuthentication", spec, "spec.jwtRules[0].timeout", "duration");
    }

    [Test]
    public void Target_ref_must_stay_in_the_policy_namespace() => Error("RequestAuthentication", """
        targetRef: {kind: Service, group: "", name: svc, namespace: other}
        """, "spec.targetRef.namespace", "cross namespace");
}
