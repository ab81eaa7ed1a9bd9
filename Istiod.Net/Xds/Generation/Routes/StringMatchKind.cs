namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>What an Istio string match asks for, once empty values are read the one agreed way.</summary>
public enum StringMatchKind
{
    /// <summary>No condition on the value: any path, or for a header or query parameter, only its presence.</summary>
    Any,
    Exact,
    Prefix,
    Regex,
}
