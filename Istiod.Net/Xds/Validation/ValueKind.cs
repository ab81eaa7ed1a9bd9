namespace Istiod.Net.Xds.Validation;

/// <summary>How the checker treats one value once its own rules passed.</summary>
internal enum ValueKind
{
    /// <summary>Scalars, strings, bytes, enums and the well-known types without rules inside (wrappers, Duration, Struct...).</summary>
    Leaf,

    /// <summary>A message whose fields may carry rules: walked.</summary>
    Message,

    /// <summary>An Any: its type is looked up and its content walked.</summary>
    Any,
}
