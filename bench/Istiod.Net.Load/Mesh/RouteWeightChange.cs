using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;

namespace Istiod.Net.Load.Mesh;

/// <summary>
/// One config change: a new v1/v2 split in one generated VirtualService. Clients recognise the change by the
/// weight of <see cref="ClusterName"/> in route configuration <see cref="RouteName"/>.
/// </summary>
public sealed record RouteWeightChange(int ServiceIndex, MeshService Service, int V1Weight, MeshShape Shape)
{
    /// <summary>The route configuration that changes: gRPC's is named like its listener.</summary>
    public string RouteName => Service.ListenerName;

    public string ClusterName => Service.SubsetCluster("v1");

    /// <summary>
    /// Plans a change of service <paramref name="serviceIndex"/>: reads the split's current v1 weight from its
    /// file and picks a different one, so the server always has something new to push.
    /// </summary>
    /// <exception cref="MeshException">The folder was not generated, or the file is not as the generator wrote it.</exception>
    public static RouteWeightChange Plan(GeneratedMesh mesh, int serviceIndex)
    {
        if (mesh.Shape is not { } shape)
        {
            throw new MeshException($"{mesh.Directory}: changes need a folder written by --generate-services");
        }

        var service = mesh.Services[serviceIndex];
        var current = ReadV1Weight(service.RoutesFile!);
        // Stepping by 37 modulo 99 stays in 1..99 and never lands on the current weight.
        var next = ((current + 36) % 99) + 1;
        return new RouteWeightChange(serviceIndex, service, next, shape);
    }

    /// <summary>Rewrites the VirtualService file (atomically, by rename).</summary>
    public void Apply() => AtomicFile.Write(Service.RoutesFile!, MeshYaml.RoutesFile(ServiceIndex, Shape, V1Weight));

    private static int ReadV1Weight(string path)
    {
        if (!File.Exists(path))
        {
            throw new MeshException($"{path}: missing; generate the folder again with --generate-services");
        }

        var results = new ConfigParser().ParseFile(path);
        var spec = results.Select(r => r.Config?.Spec).OfType<VirtualServiceSpec>().FirstOrDefault()
            ?? throw new MeshException($"{path}: no valid VirtualService ({string.Join("; ", results.SelectMany(r => r.Errors).Select(e => e.ToString()))})");
        var split = spec.Http?.FirstOrDefault(r => r.Name == "split")
            ?? throw new MeshException($"{path}: spec.http has no route named 'split'");
        return split.Route is [{ Weight: { } weight and >= 1 and <= 99 }, ..]
            ? weight
            : throw new MeshException($"{path}: spec.http[split].route[0].weight must be between 1 and 99");
    }
}
