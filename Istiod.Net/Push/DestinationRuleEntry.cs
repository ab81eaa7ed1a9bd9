using Istiod.Net.Config.Model;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>A DestinationRule with its host resolved.</summary>
public sealed record DestinationRuleEntry(ConfigObject Config, DestinationRuleSpec Spec, string Host, Visibility Visibility)
{
    public string Namespace => Config.Meta.Namespace;

    public Subset? FindSubset(string name) =>
        Spec.Subsets?.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}
