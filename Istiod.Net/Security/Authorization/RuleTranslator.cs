using Envoy.Config.Core.V3;
using Envoy.Config.Rbac.V3;
using Envoy.Extensions.Path.Match.UriTemplate.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;
using static Istiod.Net.Security.Authorization.RbacMatchers;

namespace Istiod.Net.Security.Authorization;

/// <summary>
/// Turns one AuthorizationPolicy rule into an Envoy RBAC policy: every <c>from</c> becomes a principal,
/// every <c>to</c> a permission, and each <c>when</c> condition is added to all of them on the side
/// (connection/peer or request) it belongs to.
/// </summary>
/// <remarks>
/// A value the filter cannot check (an HTTP attribute on a TCP chain, a malformed IP or port) must never
/// widen an ALLOW: the whole rule is dropped, so it allows less. For DENY and AUDIT only that value is
/// dropped, so the rule matches more and denies more. Istio documents exactly this.
/// </remarks>
public sealed class RuleTranslator
{
    private readonly TrustDomainBundle _bundle;
    private readonly string _policyNamespace;
    private readonly bool _strict;
    private readonly bool _forTcp;
    private readonly bool _forGrpc;

    /// <param name="strict">ALLOW: an unusable value drops the rule. DENY/AUDIT/CUSTOM: it drops the value.</param>
    /// <param name="forTcp">Build for a network filter: HTTP attributes are unusable.</param>
    /// <param name="forGrpc">Build for gRPC's xDS RBAC (gRFC A41): uri templates and grpc-* / :scheme headers are unusable.</param>
    public RuleTranslator(TrustDomainBundle bundle, string policyNamespace, bool strict, bool forTcp, bool forGrpc = false)
    {
        _bundle = bundle;
        _policyNamespace = policyNamespace;
        _strict = strict;
        _forTcp = forTcp;
        _forGrpc = forGrpc;
    }

    /// <summary>The policy, or null with the reason the rule was dropped.</summary>
    public Policy? Translate(AuthorizationRule rule, out string? problem)
    {
        var wherePrincipals = new List<Principal>();
        var wherePermissions = new List<Permission>();
        foreach (var condition in rule.When ?? [])
        {
            if (condition is null)
            {
                continue;
            }

            if (!AddCondition(condition.Key ?? "", condition.Values, condition.NotValues, wherePrincipals, wherePermissions, out problem))
            {
                return null;
            }
        }

        var policy = new Policy();
        foreach (var from in rule.From ?? [])
        {
            var ids = new List<Principal>();
            if (from?.Source is { } source && !AddSource(source, ids, out problem))
            {
                return null;
            }

            ids.AddRange(wherePrincipals.Select(p => p.Clone()));
            policy.Principals.Add(And(ids.Count > 0 ? ids : [AnyPrincipal()]));
        }

        if (policy.Principals.Count == 0)
        {
            policy.Principals.Add(And(wherePrincipals.Count > 0 ? wherePrincipals : [AnyPrincipal()]));
        }

        foreach (var to in rule.To ?? [])
        {
            var rules = new List<Permission>();
            if (to?.Operation is { } operation && !AddOperation(operation, rules, out problem))
            {
                return null;
            }

            rules.AddRange(wherePermissions.Select(p => p.Clone()));
            policy.Permissions.Add(And(rules.Count > 0 ? rules : [AnyPermission()]));
        }

        if (policy.Permissions.Count == 0)
        {
            policy.Permissions.Add(And(wherePermissions.Count > 0 ? wherePermissions : [AnyPermission()]));
        }

        problem = null;
        return policy;
    }

    private bool AddSource(AuthorizationSource s, List<Principal> ids, out string? problem) =>
        Principals(ids, "principals", Expand(s.Principals), Expand(s.NotPrincipals), SourcePrincipalMatcher, false, out problem)
        && RequestPrincipals(ids, "requestPrincipals", s.RequestPrincipals, s.NotRequestPrincipals, out problem)
        && Principals(ids, "namespaces", s.Namespaces, s.NotNamespaces, NamespaceMatcher, false, out problem)
        && Principals(ids, "serviceAccounts", s.ServiceAccounts, s.NotServiceAccounts, ServiceAccountMatcher, false, out problem)
        && Principals(ids, "trustDomains", ExpandDomains(s.TrustDomains), ExpandDomains(s.NotTrustDomains), TrustDomainMatcher, false, out problem)
        && Principals(ids, "ipBlocks", s.IpBlocks, s.NotIpBlocks, v => Cidr(v) is { } c ? new Principal { DirectRemoteIp = c } : null, false, out problem)
        && Principals(ids, "remoteIpBlocks", s.RemoteIpBlocks, s.NotRemoteIpBlocks, v => Cidr(v) is { } c ? new Principal { RemoteIp = c } : null, false, out problem);

    private bool AddOperation(AuthorizationOperation o, List<Permission> rules, out string? problem) =>
        Permissions(rules, "hosts", o.Hosts, o.NotHosts, v => new Permission { Header = Header(RbacKeys.AuthorityHeader, v, ignoreCase: true) }, true, out problem)
        && Permissions(rules, "methods", o.Methods, o.NotMethods, v => new Permission { Header = Header(RbacKeys.MethodHeader, v) }, true, out problem)
        && Permissions(rules, "paths", o.Paths, o.NotPaths, PathPermission, true, out problem)
        && Permissions(rules, "ports", o.Ports, o.NotPorts, PortPermission, false, out problem);

    private bool AddCondition(string key, IReadOnlyList<string>? values, IReadOnlyList<string>? notValues, List<Principal> ids, List<Permission> rules, out string? problem)
    {
        switch (key)
        {
            case RbacKeys.SourceIp:
                return Principals(ids, key, values, notValues, v => Cidr(v) is { } c ? new Principal { DirectRemoteIp = c } : null, false, out problem);
            case RbacKeys.RemoteIp:
                return Principals(ids, key, values, notValues, v => Cidr(v) is { } c ? new Principal { RemoteIp = c } : null, false, out problem);
            case RbacKeys.SourceNamespace:
                return Principals(ids, key, values, notValues, NamespaceMatcher, false, out problem);
            case RbacKeys.SourcePrincipal:
                return Principals(ids, key, Expand(values), Expand(notValues), SourcePrincipalMatcher, false, out problem);
            case RbacKeys.SourceServiceAccount:
                return Principals(ids, key, values, notValues, ServiceAccountMatcher, false, out problem);
            case RbacKeys.SourceTrustDomain:
                return Principals(ids, key, ExpandDomains(values), ExpandDomains(notValues), TrustDomainMatcher, false, out problem);
            case RbacKeys.RequestPrincipal:
                return RequestPrincipals(ids, key, values, notValues, out problem);
            case RbacKeys.RequestAudiences:
                return Claim(ids, key, ["aud"], values, notValues, out problem);
            case RbacKeys.RequestPresenter:
                return Claim(ids, key, ["azp"], values, notValues, out problem);
            case RbacKeys.DestinationIp:
                return Permissions(rules, key, values, notValues, v => Cidr(v) is { } c ? new Permission { DestinationIp = c } : null, false, out problem);
            case RbacKeys.DestinationPort:
                return Permissions(rules, key, values, notValues, PortPermission, false, out problem);
            case RbacKeys.ConnectionSni:
                return Permissions(rules, key, values, notValues, v => new Permission { RequestedServerName = RbacMatchers.String(v) }, false, out problem);
        }

        if (key.StartsWith(RbacKeys.RequestHeadersPrefix, StringComparison.Ordinal)
            && BracketNames(key[RbacKeys.RequestHeadersPrefix.Length..]) is [var header])
        {
            // gRPC rejects (NACKs) header matchers on grpc-* and :scheme, which it handles itself.
            var unusable = _forGrpc && (header.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase) || header == ":scheme");
            return Principals(ids, key, values, notValues, v => unusable ? null : new Principal { Header = Header(header, v) }, true, out problem);
        }

        if (key.StartsWith(RbacKeys.RequestClaimsPrefix, StringComparison.Ordinal)
            && BracketNames(key[RbacKeys.RequestClaimsPrefix.Length..]) is { Count: > 0 } claims)
        {
            return Claim(ids, key, claims, values, notValues, out problem);
        }

        if (key.StartsWith(RbacKeys.EnvoyFilterPrefix, StringComparison.Ordinal) && EnvoyFilterKey(key) is var (filter, field))
        {
            return EnvoyMetadata(rules, filter, field, values, notValues, out problem);
        }

        // Unknown keys are a validation error; a rule that slipped through with one is never half-applied.
        problem = $"unknown attribute {key}";
        return false;
    }

    private bool Principals(List<Principal> ids, string field, IReadOnlyList<string>? values, IReadOnlyList<string>? notValues, Func<string, Principal?> one, bool httpOnly, out string? problem)
    {
        if (!Collect(field, values, one, httpOnly, out var matched, out problem) || !Collect(field, notValues, one, httpOnly, out var excluded, out problem))
        {
            return false;
        }

        if (matched.Count > 0)
        {
            ids.Add(Or(matched));
        }

        if (excluded.Count > 0)
        {
            ids.Add(Not(Or(excluded)));
        }

        return true;
    }

    private bool Permissions(List<Permission> rules, string field, IReadOnlyList<string>? values, IReadOnlyList<string>? notValues, Func<string, Permission?> one, bool httpOnly, out string? problem)
    {
        if (!Collect(field, values, one, httpOnly, out var matched, out problem) || !Collect(field, notValues, one, httpOnly, out var excluded, out problem))
        {
            return false;
        }

        if (matched.Count > 0)
        {
            rules.Add(Or(matched));
        }

        if (excluded.Count > 0)
        {
            rules.Add(Not(Or(excluded)));
        }

        return true;
    }

    private bool Collect<T>(string field, IReadOnlyList<string>? values, Func<string, T?> one, bool httpOnly, out List<T> built, out string? problem)
        where T : class
    {
        built = [];
        problem = null;
        if (values is not { Count: > 0 })
        {
            return true;
        }

        if (httpOnly && _forTcp)
        {
            return Unusable($"{field} is HTTP only and the chain is TCP", out problem);
        }

        foreach (var value in values)
        {
            if (value is not null && one(value) is { } matcher)
            {
                built.Add(matcher);
            }
            else if (!Unusable($"{field}: invalid value \"{value}\"", out problem))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Strict (ALLOW) translation gives up on the rule; lenient (DENY, AUDIT) drops just the value.</summary>
    private bool Unusable(string reason, out string? problem)
    {
        problem = _strict ? reason : null;
        return !_strict;
    }

    private bool RequestPrincipals(List<Principal> ids, string field, IReadOnlyList<string>? values, IReadOnlyList<string>? notValues, out string? problem) =>
        Principals(ids, field, values, notValues, RequestPrincipalMatcher, true, out problem);

    private bool Claim(List<Principal> ids, string field, IReadOnlyList<string> claimPath, IReadOnlyList<string>? values, IReadOnlyList<string>? notValues, out string? problem)
    {
        problem = null;
        var any = values is { Count: > 0 } || notValues is { Count: > 0 };
        if (any && _forTcp)
        {
            return Unusable($"{field} is HTTP only and the chain is TCP", out problem);
        }

        if (values is { Count: > 0 })
        {
            ids.Add(new Principal { Metadata = JwtClaim(claimPath, values) });
        }

        if (notValues is { Count: > 0 })
        {
            ids.Add(Not(new Principal { Metadata = JwtClaim(claimPath, notValues) }));
        }

        return true;
    }

    private static bool EnvoyMetadata(List<Permission> rules, string filter, string field, IReadOnlyList<string>? values, IReadOnlyList<string>? notValues, out string? problem)
    {
        problem = null;
        if (values is { Count: > 0 })
        {
            rules.Add(new Permission { Metadata = Metadata(filter, [field], MetadataValues(values)) });
        }

        if (notValues is { Count: > 0 })
        {
            rules.Add(Not(new Permission { Metadata = Metadata(filter, [field], MetadataValues(notValues)) }));
        }

        return true;
    }

    /// <summary>A value written <c>[v]</c> matches a list holding v; a plain value matches the string.</summary>
    private static ValueMatcher MetadataValues(IReadOnlyList<string> values) =>
        RbacMatchers.AnyOf(values
            .Select(value => value.Length > 1 && value.StartsWith('[') && value.EndsWith(']')
                ? new ValueMatcher { ListMatch = new ListMatcher { OneOf = new ValueMatcher { StringMatch = RbacMatchers.String(value[1..^1]) } } }
                : new ValueMatcher { StringMatch = RbacMatchers.String(value) })
            .ToList());

    private static Principal SourcePrincipalMatcher(string value) => Authenticated(RbacMatchers.String(value, "spiffe://"));

    private static Principal NamespaceMatcher(string value) =>
        Authenticated(Regex($".*/ns/{EscapeRegex(value).Replace("\\*", ".*", StringComparison.Ordinal)}/.*"));

    /// <summary><c>name</c> or <c>namespace/name</c>; the SPIFFE path may carry extra segments around ns and sa.</summary>
    private Principal ServiceAccountMatcher(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var (ns, sa) = slash < 0 ? (_policyNamespace, value) : (value[..slash], value[(slash + 1)..]);
        return Authenticated(Regex($"spiffe://.+/ns/{EscapeRegex(ns)}/(.+/|)sa/{EscapeRegex(sa)}(/.+)?"));
    }

    private static Principal TrustDomainMatcher(string value)
    {
        if (value == "*")
        {
            return Authenticated(Regex("spiffe://[^/]+/.*"));
        }

        if (value.EndsWith('*'))
        {
            return Authenticated(Regex($"spiffe://{EscapeRegex(value[..^1])}[^/]*/.*"));
        }

        if (value.StartsWith('*'))
        {
            return Authenticated(Regex($"spiffe://[^/]*{EscapeRegex(value[1..])}/.*"));
        }

        return Authenticated(new StringMatcher { Prefix = $"spiffe://{value}/" });
    }

    /// <summary>
    /// <c>iss/sub</c>, split at the last '/' because issuers are URLs. A leading or trailing <c>*</c> turns
    /// the side it touches into a suffix or prefix match.
    /// </summary>
    private static Principal RequestPrincipalMatcher(string value)
    {
        var slash = value.LastIndexOf('/');
        var found = slash >= 0;
        var (iss, sub) = found ? (value[..slash], value[(slash + 1)..]) : (value, "");
        var any = Regex(".+");
        StringMatcher matchIss, matchSub;
        if (value == "*")
        {
            (matchIss, matchSub) = (any, any.Clone());
        }
        else if (value.StartsWith('*'))
        {
            (matchIss, matchSub) = found
                ? (iss == "*" ? any : new StringMatcher { Suffix = iss[1..] }, Exact(sub))
                : (any, new StringMatcher { Suffix = value[1..] });
        }
        else if (value.EndsWith('*'))
        {
            (matchIss, matchSub) = found
                ? (Exact(iss), sub == "*" ? any : new StringMatcher { Prefix = sub[..^1] })
                : (new StringMatcher { Prefix = value[..^1] }, any);
        }
        else
        {
            (matchIss, matchSub) = (Exact(iss), Exact(sub));
        }

        return And([new Principal { Metadata = JwtStringClaim("iss", matchIss) }, new Principal { Metadata = JwtStringClaim("sub", matchSub) }]);
    }

    private static Permission? PortPermission(string value) =>
        Port(value) is { } port ? new Permission { DestinationPort = port } : null;

    private Permission? PathPermission(string value)
    {
        if (value.Contains("{*}", StringComparison.Ordinal) || value.Contains("{**}", StringComparison.Ordinal))
        {
            if (_forGrpc)
            {
                // gRPC's RBAC has no uri_template matcher.
                return null;
            }

            var template = new UriTemplateMatchConfig
            {
                PathTemplate = value.Replace("{**}", "**", StringComparison.Ordinal).Replace("{*}", "*", StringComparison.Ordinal),
            };
            return new Permission { UriTemplate = new TypedExtensionConfig { Name = "uri-template", TypedConfig = Any.Pack(template) } };
        }

        return new Permission { UrlPath = new PathMatcher { Path = RbacMatchers.String(value) } };
    }

    private IReadOnlyList<string>? Expand(IReadOnlyList<string>? principals) =>
        principals is { Count: > 0 } ? _bundle.ExpandPrincipals(principals) : principals;

    private IReadOnlyList<string>? ExpandDomains(IReadOnlyList<string>? domains) =>
        domains is { Count: > 0 } ? _bundle.ExpandDomains(domains) : domains;

    /// <summary><c>[a][b]</c> → [a, b]; null when the text is not a run of bracketed names.</summary>
    public static IReadOnlyList<string>? BracketNames(string text)
    {
        var names = new List<string>();
        var rest = text;
        while (rest.Length > 0)
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (rest[0] != '[' || close < 2)
            {
                return null;
            }

            names.Add(rest[1..close]);
            rest = rest[(close + 1)..];
        }

        return names.Count > 0 ? names : null;
    }

    /// <summary><c>experimental.envoy.filters.a.b[c]</c> → (<c>envoy.filters.a.b</c>, <c>c</c>).</summary>
    private static (string Filter, string Field)? EnvoyFilterKey(string key)
    {
        var body = key["experimental.".Length..];
        var open = body.IndexOf('[', StringComparison.Ordinal);
        return open > 0 && body.EndsWith(']') && open < body.Length - 2
            ? (body[..open], body[(open + 1)..^1])
            : null;
    }
}
