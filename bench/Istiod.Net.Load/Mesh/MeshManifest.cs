using System.Text.Json;

namespace Istiod.Net.Load.Mesh;

/// <summary>
/// The file that marks a folder as written by the generator and records its shape. Its name starts with a
/// dot, which the control plane's folder source skips, so the server never tries to read it as config.
/// </summary>
public static class MeshManifest
{
    public const string FileName = ".istiod-net-load.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Write(string directory, MeshShape shape) =>
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(shape, Json));

    /// <summary>The shape recorded in <paramref name="directory"/>, or <c>null</c> when there is no manifest.</summary>
    /// <exception cref="MeshException">The manifest exists but cannot be read.</exception>
    public static MeshShape? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<MeshShape>(File.ReadAllText(path), Json)
                ?? throw new MeshException($"{path}: empty manifest");
        }
        catch (JsonException e)
        {
            throw new MeshException($"{path}: not a manifest written by istiod-net-load: {e.Message}");
        }
    }
}
