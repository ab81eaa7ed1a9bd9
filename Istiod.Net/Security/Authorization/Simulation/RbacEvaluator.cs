using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Envoy.Config.Core.V3;
using Envoy.Config.Rbac.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Path.Match.UriTemplate.V3;
using Envoy.Type.Matcher.V3;

// Configs from older control planes (Istio's own expected outputs among them) still use the deprecated
// header and source_ip fields; judging them needs to read those fields.
#pragma warning disable CS0612

namespace Istiod.Net.Security.Authorization.Simulation;

/// <summary>
/// Evaluates Envoy RBAC configs the way Envoy's RBAC engine does: a policy matches when one of its
/// permissions and one of its principals match; ALLOW lets through what some policy matches, DENY
/// rejects it, LOG only records it. Written from Envoy's documented matcher semantics so that generated
/// configs (ours and Istio's) can be compared by behaviour, not by bytes.
/// </summary>
public static class RbacEvaluator
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The name of the first matching policy (Envoy keeps policies sorted by name), or null.</summary>
    public static string? FirstMatch(RBAC rules, MatchContext context) =>
        rules.Policies
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .FirstOrDefault(p => Matches(p.Value, context)).Key;

    /// <summary>Whether the engine lets the request through, and the policy that decided.</summary>
    public static (bool Allowed, string? Policy) Decide(RBAC rules, MatchContext context)
    {
        var matched = FirstMatch(rules, context);
        return rules.Action switch
        {
            RBAC.Types.Action.Allow => (matched is not null, matched),
            RBAC.Types.Action.Deny => (matched is null, matched),
            _ => (true, matched),
        };
    }

    public static bool Matches(Policy policy, MatchContext context) =>
        policy.Permissions.Any(p => Matches(p, context)) && policy.Principals.Any(p => Matches(p, context));

    public static bool Matches(Permission permission, MatchContext context) => permission.RuleCase switch
    {
        Permission.RuleOneofCase.AndRules => permission.AndRules.Rules.All(r => Matches(r, context)),
        Permission.RuleOneofCase.OrRules => permission.OrRules.Rules.Any(r => Matches(r, context)),
        Permission.RuleOneofCase.Any => permission.Any,
        Permission.RuleOneofCase.NotRule => !Matches(permission.NotRule, context),
        Permission.RuleOneofCase.Header => Matches(permission.Header, context),
        Permission.RuleOneofCase.UrlPath => Matches(permission.UrlPath, context),
        Permission.RuleOneofCase.DestinationIp => InCidr(context.Request.DestinationIp, permission.DestinationIp),
        Permission.RuleOneofCase.DestinationPort => context.Request.DestinationPort == permission.DestinationPort,
        Permission.RuleOneofCase.DestinationPortRange =>
            context.Request.DestinationPort >= permission.DestinationPortRange.Start && context.Request.DestinationPort < permission.DestinationPortRange.End,
        Permission.RuleOneofCase.Metadata => Matches(permission.Metadata, context),
        Permission.RuleOneofCase.RequestedServerName => Matches(permission.RequestedServerName, context.Request.Sni ?? ""),
        Permission.RuleOneofCase.UriTemplate => MatchesTemplate(permission.UriTemplate, context),
        _ => false,
    };

    public static bool Matches(Principal principal, MatchContext context) => principal.IdentifierCase switch
    {
        Principal.IdentifierOneofCase.AndIds => principal.AndIds.Ids.All(i => Matches(i, context)),
        Principal.IdentifierOneofCase.OrIds => principal.OrIds.Ids.Any(i => Matches(i, context)),
        Principal.IdentifierOneofCase.Any => principal.Any,
        Principal.IdentifierOneofCase.NotId => !Matches(principal.NotId, context),
        Principal.IdentifierOneofCase.Authenticated => context.Request.PeerPrincipal is { } peer
            && (principal.Authenticated.PrincipalName is null || Matches(principal.Authenticated.PrincipalName, peer)),
        Principal.IdentifierOneofCase.SourceIp => InCidr(context.Request.SourceIp, principal.SourceIp),
        Principal.IdentifierOneofCase.DirectRemoteIp => InCidr(context.Request.SourceIp, principal.DirectRemoteIp),
        Principal.IdentifierOneofCase.RemoteIp => InCidr(context.Request.RemoteIp ?? context.Request.SourceIp, principal.RemoteIp),
        Principal.IdentifierOneofCase.Header => Matches(principal.Header, context),
        Principal.IdentifierOneofCase.UrlPath => Matches(principal.UrlPath, context),
        Principal.IdentifierOneofCase.Metadata => Matches(principal.Metadata, context),
        _ => false,
    };

    public static bool Matches(HeaderMatcher matcher, MatchContext context)
    {
        var value = context.Header(matcher.Name);
        if (matcher.HeaderMatchSpecifierCase == HeaderMatcher.HeaderMatchSpecifierOneofCase.PresentMatch)
        {
            return (value is not null) == matcher.PresentMatch != matcher.InvertMatch;
        }

        if (value is null)
        {
            return false;
        }

        var result = matcher.HeaderMatchSpecifierCase switch
        {
            HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch => Matches(matcher.StringMatch, value),
            HeaderMatcher.HeaderMatchSpecifierOneofCase.ExactMatch => value == matcher.ExactMatch,
            HeaderMatcher.HeaderMatchSpecifierOneofCase.PrefixMatch => value.StartsWith(matcher.PrefixMatch, StringComparison.Ordinal),
            HeaderMatcher.HeaderMatchSpecifierOneofCase.SuffixMatch => value.EndsWith(matcher.SuffixMatch, StringComparison.Ordinal),
            HeaderMatcher.HeaderMatchSpecifierOneofCase.ContainsMatch => value.Contains(matcher.ContainsMatch, StringComparison.Ordinal),
            HeaderMatcher.HeaderMatchSpecifierOneofCase.SafeRegexMatch => FullMatch(matcher.SafeRegexMatch.Regex, value),
            HeaderMatcher.HeaderMatchSpecifierOneofCase.None => true,
            _ => false,
        };
        return result != matcher.InvertMatch;
    }

    /// <summary>url_path sees the path without its query string or fragment.</summary>
    public static bool Matches(PathMatcher matcher, MatchContext context) =>
        context.IsHttp && matcher.Path is { } path && Matches(path, PathOnly(context.Request.Path));

    public static bool Matches(StringMatcher matcher, string value)
    {
        var comparison = matcher.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return matcher.MatchPatternCase switch
        {
            StringMatcher.MatchPatternOneofCase.Exact => string.Equals(value, matcher.Exact, comparison),
            StringMatcher.MatchPatternOneofCase.Prefix => value.StartsWith(matcher.Prefix, comparison),
            StringMatcher.MatchPatternOneofCase.Suffix => value.EndsWith(matcher.Suffix, comparison),
            StringMatcher.MatchPatternOneofCase.Contains => value.Contains(matcher.Contains, comparison),
            StringMatcher.MatchPatternOneofCase.SafeRegex => FullMatch(matcher.SafeRegex.Regex, value),
            _ => false,
        };
    }

    public static bool Matches(MetadataMatcher matcher, MatchContext context)
    {
        var found = Lookup(context, matcher, out var node);
        return (found && Matches(matcher.Value, node)) != matcher.Invert;
    }

    public static bool Matches(ValueMatcher matcher, JsonNode? value) => matcher.MatchPatternCase switch
    {
        ValueMatcher.MatchPatternOneofCase.NullMatch => value is null,
        ValueMatcher.MatchPatternOneofCase.PresentMatch => matcher.PresentMatch,
        ValueMatcher.MatchPatternOneofCase.StringMatch => value is JsonValue v && v.GetValueKind() == JsonValueKind.String && Matches(matcher.StringMatch, v.GetValue<string>()),
        ValueMatcher.MatchPatternOneofCase.BoolMatch => value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False && b.GetValue<bool>() == matcher.BoolMatch,
        ValueMatcher.MatchPatternOneofCase.DoubleMatch => value is JsonValue d && d.GetValueKind() == JsonValueKind.Number && DoubleMatches(matcher.DoubleMatch, d.GetValue<double>()),
        ValueMatcher.MatchPatternOneofCase.ListMatch => value is JsonArray array && array.Any(e => Matches(matcher.ListMatch.OneOf, e)),
        ValueMatcher.MatchPatternOneofCase.OrMatch => matcher.OrMatch.ValueMatchers.Any(m => Matches(m, value)),
        _ => false,
    };

    public static bool InCidr(string address, CidrRange range)
    {
        if (!IPAddress.TryParse(address, out var ip) || !IPAddress.TryParse(range.AddressPrefix, out var prefix) || ip.AddressFamily != prefix.AddressFamily)
        {
            return false;
        }

        var a = ip.GetAddressBytes();
        var p = prefix.GetAddressBytes();
        var bits = (int)(range.PrefixLen ?? 0);
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (p[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RE2 semantics as Envoy uses them: the whole value must match.</summary>
    public static bool FullMatch(string pattern, string value) =>
        Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.CultureInvariant, RegexTimeout);

    private static string PathOnly(string path)
    {
        var cut = path.IndexOfAny(['?', '#']);
        return cut < 0 ? path : path[..cut];
    }

    // A JSON null in metadata is still a present value (NullMatch and PresentMatch see it); a missing key is not.
    private static bool Lookup(MatchContext context, MetadataMatcher matcher, out JsonNode? node)
    {
        node = null;
        if (!context.Metadata.TryGetValue(matcher.Filter, out var data))
        {
            return false;
        }

        node = data;
        foreach (var segment in matcher.Path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(segment.Key, out var child))
            {
                node = null;
                return false;
            }

            node = child;
        }

        return true;
    }

    private static bool DoubleMatches(DoubleMatcher matcher, double value) => matcher.MatchPatternCase switch
    {
        DoubleMatcher.MatchPatternOneofCase.Exact => value == matcher.Exact,
        DoubleMatcher.MatchPatternOneofCase.Range => value >= matcher.Range.Start && value < matcher.Range.End,
        _ => false,
    };

    /// <summary>Envoy's uri_template: <c>*</c> is one path segment, <c>**</c> any number of them (a suffix operator), the rest literal.</summary>
    private static bool MatchesTemplate(TypedExtensionConfig config, MatchContext context)
    {
        if (!context.IsHttp || config.TypedConfig is null || !config.TypedConfig.TryUnpack<UriTemplateMatchConfig>(out var template))
        {
            return false;
        }

        var pattern = template.PathTemplate.Split('/');
        var path = PathOnly(context.Request.Path).Split('/');
        return MatchSegments(pattern, 0, path, 0);
    }

    private static bool MatchSegments(string[] pattern, int pi, string[] path, int si)
    {
        if (pi == pattern.Length)
        {
            return si == path.Length;
        }

        var segment = pattern[pi];
        if (segment == "**")
        {
            for (var take = si; take <= path.Length; take++)
            {
                if (MatchSegments(pattern, pi + 1, path, take))
                {
                    return true;
                }
            }

            return false;
        }

        if (si == path.Length)
        {
            return false;
        }

        var ok = segment == "*" ? path[si].Length > 0 : segment == path[si];
        return ok && MatchSegments(pattern, pi + 1, path, si + 1);
    }
}
