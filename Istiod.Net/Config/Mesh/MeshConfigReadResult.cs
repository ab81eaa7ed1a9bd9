using Istiod.Net.Config.Validation;

namespace Istiod.Net.Config.Mesh;

/// <summary>
/// A mesh config read from text: the config when it has no errors, every error with its field path, and
/// warnings for fields Istio has that this control plane does not read (reported, never fatal).
/// </summary>
public sealed record MeshConfigReadResult(MeshConfig? Mesh, IReadOnlyList<ValidationMessage> Errors, IReadOnlyList<ValidationMessage> Warnings)
{
    public bool IsValid => Mesh is not null && Errors.Count == 0;
}
