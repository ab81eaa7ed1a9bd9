namespace Istiod.Net.Load.Mesh;

/// <summary>
/// Writes a file by renaming a finished temporary over it, so the watching server never reads half a file.
/// The temporary's name starts with a dot, which the server's folder source ignores.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, string text)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
