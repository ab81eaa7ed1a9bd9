using System.Globalization;
using System.Text;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.EndToEnd;

/// <summary>Istio config documents (Kubernetes YAML) for an <see cref="EchoService"/>.</summary>
public static class EchoMeshConfig
{
    public const string PortName = "grpc";

    /// <summary>
    /// A ServiceEntry whose STATIC endpoints are the backends (labelled version: their name, their
    /// real port mapped from the service port's name) and a DestinationRule with one subset per
    /// backend, as two documents of one file.
    /// </summary>
    public static string ServiceAndSubsets(EchoService service, IReadOnlyList<E2eBackend> backends, string? trafficPolicy = null)
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: {service.Name}
              namespace: {E2eBootstrap.Namespace}
            spec:
              hosts:
              - {service.Host}
              location: MESH_INTERNAL
              resolution: STATIC
              ports:
              - number: {service.Port}
                name: {PortName}
                protocol: GRPC
              endpoints:

            """);
        foreach (var backend in backends)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - address: 127.0.0.1
                    ports:
                      {PortName}: {backend.Port}
                    labels:
                      version: {backend.Name}

                """);
        }
        yaml.Append(CultureInfo.InvariantCulture, $"""
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: {service.Name}
              namespace: {E2eBootstrap.Namespace}
            spec:
              host: {service.Host}

            """);
        if (trafficPolicy is not null)
        {
            yaml.Append(trafficPolicy.TrimEnd('\n')).Append('\n');
        }
        yaml.Append("  subsets:\n");
        foreach (var backend in backends)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - name: {backend.Name}
                    labels:
                      version: {backend.Name}

                """);
        }
        return yaml.ToString();
    }

    /// <summary>A VirtualService for the service's host with the given `http:` section (see <see cref="EchoRoutes"/>).</summary>
    public static string VirtualService(EchoService service, string http) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: {service.Name}
              namespace: {E2eBootstrap.Namespace}
            spec:
              hosts:
              - {service.Host}

            """) + http;
}
