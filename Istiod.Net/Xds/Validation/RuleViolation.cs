namespace Istiod.Net.Xds.Validation;

/// <summary>
/// One broken <c>validate.rules</c> constraint: where (a field path such as
/// <c>filter_chains[0].filters[1].typed_config&lt;envoy...TcpProxy&gt;.cluster</c>) and what.
/// </summary>
public sealed record RuleViolation(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}
