using System.Net;
using System.Net.Sockets;
using System.Text;
using Envoy.Config.Core.V3;
using Envoy.Config.Rbac.V3;
using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;

namespace Istiod.Net.Security.Authorization;

/// <summary>
/// Builders for the Envoy matchers Istio's policy values turn into. A value is exact, <c>prefix*</c>,
/// <c>*suffix</c> or <c>*</c> (present / non-empty); Envoy forbids an empty prefix or suffix, which is
/// why <c>*</c> is tested first everywhere.
/// </summary>
public static class RbacMatchers
{
    public const string JwtFilter = "envoy.filters.http.jwt_authn";

    /// <summary>jwt_authn writes the verified payload under this metadata key (payload_in_metadata).</summary>
    public const string JwtPayloadKey = "payload";

    public static StringMatcher String(string value, string prefix = "", bool ignoreCase = false)
    {
        if (value == "*")
        {
            return Regex(".+");
        }

        if (value.StartsWith('*'))
        {
            // With a prefix to keep (spiffe://), a suffix matcher alone would drop it: the regex keeps both.
            return prefix.Length > 0
                ? Regex(EscapeRegex(prefix) + ".*" + EscapeRegex(value[1..]))
                : new StringMatcher { Suffix = value[1..], IgnoreCase = ignoreCase };
        }

        if (value.EndsWith('*'))
        {
            return new StringMatcher { Prefix = prefix + value[..^1], IgnoreCase = ignoreCase };
        }

        return new StringMatcher { Exact = prefix + value, IgnoreCase = ignoreCase };
    }

    public static StringMatcher Regex(string regex) =>
        new() { SafeRegex = new RegexMatcher { Regex = regex } };

    public static StringMatcher Exact(string value) => new() { Exact = value };

    /// <summary>A header matcher; <c>*</c> means "present" rather than "non-empty".</summary>
    public static HeaderMatcher Header(string name, string value, bool ignoreCase = false) =>
        value == "*"
            ? new HeaderMatcher { Name = name, PresentMatch = true }
            : new HeaderMatcher { Name = name, StringMatch = String(value, ignoreCase: ignoreCase) };

    /// <summary>An address or CIDR as Envoy's CidrRange, or null when the text is neither.</summary>
    public static CidrRange? Cidr(string value)
    {
        var text = value.Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal))
        {
            return null;
        }

        var max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var length = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length) || length > max))
        {
            return null;
        }

        return new CidrRange { AddressPrefix = addressText, PrefixLen = (uint)length };
    }

    /// <summary>A port number 0-65535, or null.</summary>
    public static uint? Port(string value) =>
        uint.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : null;

    public static MetadataMatcher Metadata(string filter, IEnumerable<string> path, ValueMatcher value)
    {
        var matcher = new MetadataMatcher { Filter = filter, Value = value };
        matcher.Path.AddRange(path.Select(k => new MetadataMatcher.Types.PathSegment { Key = k }));
        return matcher;
    }

    /// <summary>
    /// A JWT claim matcher: the claim may be a string or a list of strings (aud, groups), so it matches either a
    /// list holding one of the values or a string equal to one.
    /// </summary>
    public static MetadataMatcher JwtClaim(IReadOnlyList<string> claimPath, IEnumerable<string> values)
    {
        var strings = AnyOf(values.Select(v => new ValueMatcher { StringMatch = String(v) }).ToList());
        var either = AnyOf([new ValueMatcher { ListMatch = new ListMatcher { OneOf = strings } }, strings.Clone()]);
        return Metadata(JwtFilter, claimPath.Prepend(JwtPayloadKey), either);
    }

    /// <summary>
    /// A value matching any of <paramref name="matchers"/>: the matcher itself when there is one, since an
    /// or_match must hold at least two (Envoy's validate rule; a resource breaking it is not served at all).
    /// </summary>
    public static ValueMatcher AnyOf(IReadOnlyList<ValueMatcher> matchers)
    {
        if (matchers.Count == 1)
        {
            return matchers[0];
        }

        var or = new OrMatcher();
        or.ValueMatchers.AddRange(matchers);
        return new ValueMatcher { OrMatch = or };
    }

    /// <summary>One string claim of the JWT payload (iss, sub) against one matcher.</summary>
    public static MetadataMatcher JwtStringClaim(string claim, StringMatcher matcher) =>
        Metadata(JwtFilter, [JwtPayloadKey, claim], new ValueMatcher { StringMatch = matcher });

    public static Principal Authenticated(StringMatcher name) =>
        new() { Authenticated = new Principal.Types.Authenticated { PrincipalName = name } };

    public static Permission AnyPermission() => new() { Any = true };

    public static Principal AnyPrincipal() => new() { Any = true };

    public static Permission Or(IEnumerable<Permission> rules)
    {
        var set = new Permission.Types.Set();
        set.Rules.AddRange(rules);
        return new Permission { OrRules = set };
    }

    public static Permission And(IEnumerable<Permission> rules)
    {
        var set = new Permission.Types.Set();
        set.Rules.AddRange(rules);
        return new Permission { AndRules = set };
    }

    public static Principal Or(IEnumerable<Principal> ids)
    {
        var set = new Principal.Types.Set();
        set.Ids.AddRange(ids);
        return new Principal { OrIds = set };
    }

    public static Principal And(IEnumerable<Principal> ids)
    {
        var set = new Principal.Types.Set();
        set.Ids.AddRange(ids);
        return new Principal { AndIds = set };
    }

    public static Permission Not(Permission rule) => new() { NotRule = rule };

    public static Principal Not(Principal id) => new() { NotId = id };

    /// <summary>Escapes RE2 metacharacters only: RE2 rejects escapes of letters, digits and spaces that .NET's Regex.Escape produces.</summary>
    public static string EscapeRegex(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '.' or '+' or '*' or '?' or '(' or ')' or '|' or '[' or ']' or '{' or '}' or '^' or '$')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
