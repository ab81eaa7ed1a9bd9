using System.Globalization;
using System.Text;

namespace Istiod.Net.Load.Mesh;

/// <summary>
/// The YAML of one generated service. Each service gets two files: the ServiceEntry with its
/// DestinationRule, and its VirtualService alone, so a route change rewrites one small file.
/// </summary>
public static class MeshYaml
{
    public const string CanaryHeader = "x-canary";
    public const string FallbackPrefix = "/load.Fallback/";

    public static string Name(int index) => string.Create(CultureInfo.InvariantCulture, $"svc-{index:D4}");

    public static string Namespace(int index, MeshShape shape) =>
        string.Create(CultureInfo.InvariantCulture, $"load-{index % shape.Namespaces}");

    public static string Host(int index, MeshShape shape) => $"{Name(index)}.{Namespace(index, shape)}.svc.cluster.local";

    /// <summary>ServiceEntry with STATIC endpoints (v1 and v2) and a DestinationRule with both subsets.</summary>
    public static string ServiceFile(int index, MeshShape shape)
    {
        var name = Name(index);
        var ns = Namespace(index, shape);
        var host = Host(index, shape);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            # Written by istiod-net-load: service {index} of {shape.Services}.
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: {name}
              namespace: {ns}
            spec:
              hosts:
              - {host}
              location: MESH_INTERNAL
              resolution: STATIC
              ports:
              - number: {shape.Port}
                name: grpc
                protocol: GRPC
              endpoints:

            """);
        for (var e = 0; e < shape.EndpointsPerService; e++)
        {
            // 10.<64 + index / 256>.<index % 256>.<e + 1>: unique per service and endpoint, never a real host here.
            text.Append(CultureInfo.InvariantCulture, $"""
                  - address: 10.{64 + (index / 256)}.{index % 256}.{e + 1}
                    labels:
                      app: {name}
                      version: {(e % 2 == 0 ? "v1" : "v2")}

                """);
        }

        // Alternate load balancers so the clusters are not all alike.
        var balancer = index % 2 == 0 ? "ROUND_ROBIN" : "LEAST_REQUEST";
        text.Append(CultureInfo.InvariantCulture, $"""
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: {name}
              namespace: {ns}
            spec:
              host: {host}
              trafficPolicy:
                loadBalancer:
                  simple: {balancer}
                connectionPool:
                  http:
                    http2MaxRequests: 1000
              subsets:
              - name: v1
                labels:
                  version: v1
              - name: v2
                labels:
                  version: v2

            """);
        return text.ToString();
    }

    /// <summary>
    /// A canary route by header to v2, a route to the next service (so clients follow a reference to a
    /// cluster of another service, as real meshes do), and a v1/v2 split whose v1 weight is <paramref name="v1Weight"/>.
    /// </summary>
    public static string RoutesFile(int index, MeshShape shape, int v1Weight)
    {
        var host = Host(index, shape);
        var next = Host((index + 1) % shape.Services, shape);
        return string.Create(CultureInfo.InvariantCulture, $"""
            # Written by istiod-net-load; a config change rewrites the split weights.
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: {Name(index)}
              namespace: {Namespace(index, shape)}
            spec:
              hosts:
              - {host}
              http:
              - name: canary
                match:
                - headers:
                    {CanaryHeader}:
                      exact: "true"
                route:
                - destination:
                    host: {host}
                    subset: v2
              - name: fallback
                match:
                - uri:
                    prefix: {FallbackPrefix}
                route:
                - destination:
                    host: {next}
              - name: split
                timeout: 5s
                route:
                - destination:
                    host: {host}
                    subset: v1
                  weight: {v1Weight}
                - destination:
                    host: {host}
                    subset: v2
                  weight: {100 - v1Weight}

            """);
    }
}
