namespace Istiod.Net.Load.Mesh;

/// <summary>A config folder the tool cannot use; the message names the file and what is wrong.</summary>
public sealed class MeshException(string message) : Exception(message);
