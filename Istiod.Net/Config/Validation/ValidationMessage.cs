namespace Istiod.Net.Config.Validation;

/// <summary>One problem found in a document, at a field path in Istio's form (<c>spec.http[0].route[1].weight</c>).</summary>
public sealed record ValidationMessage(string Path, string Message)
{
    public override string ToString() => string.IsNullOrEmpty(Path) ? Message : $"{Path}: {Message}";
}
