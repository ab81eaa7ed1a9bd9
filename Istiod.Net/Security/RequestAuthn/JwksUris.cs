using Istiod.Net.Config.Model;
using Istiod.Net.Config.Schema;
using Istiod.Net.Config.Store;

namespace Istiod.Net.Security.RequestAuthn;

/// <summary>Which key sets the config needs fetched: every <c>jwksUri</c> of a rule without inline keys, and who names it.</summary>
public static class JwksUris
{
    /// <summary>Each URI to the RequestAuthentications that name it (a push for a changed key set names them).</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<ConfigKey>> In(ConfigSnapshot snapshot)
    {
        var uris = new Dictionary<string, HashSet<ConfigKey>>(StringComparer.Ordinal);
        foreach (var config in snapshot.List(ConfigSchemas.RequestAuthentication.Kind))
        {
            if (config.Spec is not RequestAuthenticationSpec spec)
            {
                continue;
            }

            // Inline keys win over the URI when both are given (JwtFilterBuilder), so such a URI is never read.
            foreach (var rule in (spec.JwtRules ?? []).Where(r => r is not null && string.IsNullOrEmpty(r.Jwks) && !string.IsNullOrEmpty(r.JwksUri)))
            {
                if (!uris.TryGetValue(rule.JwksUri!, out var keys))
                {
                    uris[rule.JwksUri!] = keys = [];
                }

                keys.Add(config.Key);
            }
        }

        return uris.ToDictionary(e => e.Key, e => (IReadOnlySet<ConfigKey>)e.Value, StringComparer.Ordinal);
    }
}
