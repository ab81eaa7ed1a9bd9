using Envoy.Config.Core.V3;
using Istiod.Net.Config.Model;
using Google.Protobuf.Collections;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// Istio header operations as Envoy's header lists: <c>set</c> overwrites, <c>add</c> appends, <c>remove</c>
/// drops. Setting <c>host</c> or <c>:authority</c> on a request is an authority rewrite, which Envoy takes
/// as a route field, not a header; other pseudo-headers cannot be added and are left out.
/// </summary>
public static class HeaderMutationTranslator
{
    /// <summary>The authority a request <c>set</c> asks for, or null.</summary>
    public static string? AuthorityOverride(HeaderOperations? request) =>
        (request?.Set ?? Empty).Where(h => IsAuthority(h.Key)).Select(h => h.Value).LastOrDefault();

    public static void AddTo(HeaderOperations? operations, RepeatedField<HeaderValueOption> add, RepeatedField<string> remove)
    {
        if (operations is null)
        {
            return;
        }

        foreach (var (name, value) in (operations.Set ?? Empty).OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            if (Addable(name))
            {
                add.Add(Option(name, value, HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd));
            }
        }

        foreach (var (name, value) in (operations.Add ?? Empty).OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            if (Addable(name))
            {
                add.Add(Option(name, value, HeaderValueOption.Types.HeaderAppendAction.AppendIfExistsOrAdd));
            }
        }

        foreach (var name in operations.Remove ?? [])
        {
            if (Addable(name))
            {
                remove.Add(name.ToLowerInvariant());
            }
        }
    }

    private static HeaderValueOption Option(string name, string value, HeaderValueOption.Types.HeaderAppendAction action) => new()
    {
        Header = new HeaderValue { Key = name.ToLowerInvariant(), Value = value },
        AppendAction = action,
    };

    private static bool IsAuthority(string name) =>
        name.Equals("host", StringComparison.OrdinalIgnoreCase) || name.Equals(":authority", StringComparison.OrdinalIgnoreCase);

    private static bool Addable(string name) => name.Length > 0 && !name.StartsWith(':') && !IsAuthority(name);

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
