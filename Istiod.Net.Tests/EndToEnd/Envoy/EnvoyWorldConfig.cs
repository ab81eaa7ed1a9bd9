using System.Globalization;

namespace Istiod.Net.Tests.EndToEnd.Envoy;

/// <summary>
/// The Istio config of the real-Envoy world, as the YAML a platform team would apply:
/// <list type="bullet">
/// <item>web.e2e: two plain-HTTP backends v1 and v2 on 127.0.0.1 (no sidecar), subsets by version;</item>
/// <item>an ingress gateway on <see cref="EnvoyWorldPorts.Gateway"/>: /v2 goes to web v2, everything else to v1;</item>
/// <item>a "client" sidecar without iptables (captureMode NONE) whose egress listeners bind 127.0.0.1 on the
/// web and server ports;</item>
/// <item>a "server" workload at 127.0.0.2 whose sidecar's ingress listener binds 127.0.0.2 and forwards to the
/// application on 127.0.0.1, with PeerAuthentication STRICT: only mutual TLS from a mesh identity gets in.</item>
/// </list>
/// </summary>
public static class EnvoyWorldConfig
{
    public const string Namespace = "e2e";
    public const string WebHost = "web.e2e.svc.cluster.local";
    public const string ServerHost = "server.e2e.svc.cluster.local";
    public const string ServerIp = "127.0.0.2";

    public static string Yaml(EnvoyWorldPorts p) => string.Create(CultureInfo.InvariantCulture, $$"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: web, namespace: e2e}
        spec:
          hosts: [{{WebHost}}]
          location: MESH_INTERNAL
          resolution: STATIC
          ports: [{number: {{p.Web}}, name: http-web, protocol: HTTP} ]
          endpoints:
          - {address: 127.0.0.1, ports: {http-web: {{p.WebV1}} }, labels: {app: web, version: v1} }
          - {address: 127.0.0.1, ports: {http-web: {{p.WebV2}} }, labels: {app: web, version: v2} }
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: web, namespace: e2e}
        spec:
          host: {{WebHost}}
          subsets:
          - {name: v1, labels: {version: v1} }
          - {name: v2, labels: {version: v2} }
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: ingress, namespace: istio-system}
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: {{p.Gateway}}, name: http, protocol: HTTP}
            hosts: ["*"]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: web, namespace: e2e}
        spec:
          hosts: ["{{WebHost}}", "web.example.com"]
          gateways: [istio-system/ingress, mesh]
          http:
          - match: [{uri: {prefix: /v2} }]
            route: [{destination: {host: {{WebHost}}, subset: v2} }]
          - route: [{destination: {host: {{WebHost}}, subset: v1} }]
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: server, namespace: e2e}
        spec:
          hosts: [{{ServerHost}}]
          location: MESH_INTERNAL
          resolution: STATIC
          ports: [{number: {{p.Server}}, name: http-server, protocol: HTTP} ]
          endpoints:
          - address: {{ServerIp}}
            serviceAccount: server
            labels: {app: server, security.istio.io/tlsMode: istio}
        ---
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: client, namespace: e2e}
        spec:
          workloadSelector: {labels: {app: client} }
          egress:
          - port: {number: {{p.Web}}, protocol: HTTP, name: http-web}
            bind: 127.0.0.1
            captureMode: NONE
            hosts: ["./{{WebHost}}"]
          - port: {number: {{p.Server}}, protocol: HTTP, name: http-server}
            bind: 127.0.0.1
            captureMode: NONE
            hosts: ["./{{ServerHost}}"]
        ---
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: server, namespace: e2e}
        spec:
          workloadSelector: {labels: {app: server} }
          ingress:
          - port: {number: {{p.Server}}, protocol: HTTP, name: http-server}
            bind: {{ServerIp}}
            captureMode: NONE
            defaultEndpoint: 127.0.0.1:{{p.ServerApp}}
          egress:
          - hosts: ["istio-system/*"]
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default, namespace: e2e}
        spec:
          mtls: {mode: STRICT}
        """);

    /// <summary>The token file: one bearer token per sidecar, mapped to its service account (no Kubernetes TokenReview here).</summary>
    public static string Tokens => """
        client-token-0123456789:
          namespace: e2e
          serviceAccount: client
          audiences: [istio-ca]
        server-token-0123456789:
          namespace: e2e
          serviceAccount: server
          audiences: [istio-ca]
        """;
}
