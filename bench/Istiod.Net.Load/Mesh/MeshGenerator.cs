namespace Istiod.Net.Load.Mesh;

/// <summary>Writes a mesh of <see cref="MeshShape.Services"/> services into a folder the server watches.</summary>
public static class MeshGenerator
{
    /// <summary>The v1 weight a freshly generated split starts with.</summary>
    public const int InitialV1Weight = 80;

    /// <summary>
    /// Writes every service's files and the manifest. Files of an earlier, larger generation are removed so
    /// the folder holds exactly this mesh; files the generator did not write are left alone.
    /// </summary>
    public static GeneratedMesh Write(string directory, MeshShape shape)
    {
        if (shape.Check() is { Count: > 0 } errors)
        {
            throw new MeshException(string.Join("; ", errors));
        }

        Directory.CreateDirectory(directory);
        foreach (var stale in Directory.EnumerateFiles(directory, "svc-*.yaml"))
        {
            File.Delete(stale);
        }

        for (var i = 0; i < shape.Services; i++)
        {
            AtomicFile.Write(Path.Combine(directory, ServiceFileName(i)), MeshYaml.ServiceFile(i, shape));
            AtomicFile.Write(Path.Combine(directory, RoutesFileName(i)), MeshYaml.RoutesFile(i, shape, InitialV1Weight));
        }

        MeshManifest.Write(directory, shape);
        return GeneratedMesh.From(directory, shape);
    }

    public static string ServiceFileName(int index) => $"{MeshYaml.Name(index)}.service.yaml";

    public static string RoutesFileName(int index) => $"{MeshYaml.Name(index)}.routes.yaml";
}
