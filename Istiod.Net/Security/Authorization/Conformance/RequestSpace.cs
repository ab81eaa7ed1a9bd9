using System.Net;
using System.Text.Json.Nodes;
using Envoy.Config.Core.V3;
using Envoy.Config.Rbac.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Path.Match.UriTemplate.V3;
using Envoy.Type.Matcher.V3;
using Istiod.Net.Security.Authorization.Simulation;

// Configs from older control planes (Istio's own expected outputs among them) still use the deprecated
// header and source_ip fields; judging them needs to read those fields.
#pragma warning disable CS0612

namespace Istiod.Net.Security.Authorization.Conformance;

/// <summary>
/// The request attributes RBAC configs look at, each with the values worth trying: every literal the
/// configs mention, a near miss next to it (one character more or less, the neighbouring network), and
/// "absent". Requests are assignments of one value per attribute.
/// </summary>
public sealed class RequestSpace
{
    public const string Peer = "peer";
    public const string SourceIp = "source.ip";
    public const string RemoteIp = "remote.ip";
    public const string DestinationIp = "destination.ip";
    public const string DestinationPort = "destination.port";
    public const string Sni = "sni";
    public const string Host = "host";
    public const string Path = "path";
    public const string Method = "method";
    public const string HeaderPrefix = "header:";
    public const string ClaimPrefix = "claim:";
    public const string MetadataPrefix = "meta:";

    /// <summary>A value for a claim or metadata field held as a list (aud, groups) rather than a string.</summary>
    public const string ListMarker = "[list]";

    private readonly SortedDictionary<string, List<string?>> _values = new(StringComparer.Ordinal);

    public RequestSpace()
    {
        Add(Peer, null, "spiffe://cluster.local/ns/foo/sa/default", "spiffe://other.td/ns/bar/sa/client");
        Add(SourceIp, "10.0.0.1", "192.0.2.7");
        Add(RemoteIp, null, "198.51.100.9");
        Add(DestinationIp, "10.0.0.2");
        Add(DestinationPort, "80", "8080");
        Add(Sni, null, "unrelated.example");
        Add(Host, "httpbin.foo.svc.cluster.local");
        Add(Path, "/", "/unrelated/path");
        Add(Method, "GET", "POST");
    }

    public IReadOnlyDictionary<string, List<string?>> Values => _values;

    public void Add(string dimension, params string?[] values)
    {
        if (!_values.TryGetValue(dimension, out var list))
        {
            _values[dimension] = list = [null];
            if (!dimension.StartsWith(HeaderPrefix, StringComparison.Ordinal) && !dimension.StartsWith(ClaimPrefix, StringComparison.Ordinal)
                && !dimension.StartsWith(MetadataPrefix, StringComparison.Ordinal) && dimension is not (Peer or RemoteIp or Sni))
            {
                list.Clear();
            }
        }

        foreach (var value in values)
        {
            if (!list.Contains(value))
            {
                list.Add(value);
            }
        }
    }

    /// <summary>Learns the values one RBAC config cares about.</summary>
    public void Learn(RBAC? rbac)
    {
        foreach (var policy in rbac?.Policies.Values ?? [])
        {
            foreach (var permission in policy.Permissions)
            {
                Learn(permission);
            }

            foreach (var principal in policy.Principals)
            {
                Learn(principal);
            }
        }
    }

    /// <summary>A baseline request: the first value of every attribute.</summary>
    public Dictionary<string, string?> Baseline() => _values.ToDictionary(v => v.Key, v => v.Value[0], StringComparer.Ordinal);

    public static AuthzRequest ToRequest(IReadOnlyDictionary<string, string?> assignment, bool extAuthzAllows = false)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        JsonObject? payload = null;
        var metadata = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (key, value) in assignment)
        {
            if (value is null)
            {
                continue;
            }

            if (key.StartsWith(HeaderPrefix, StringComparison.Ordinal))
            {
                headers[key[HeaderPrefix.Length..]] = value;
            }
            else if (key.StartsWith(ClaimPrefix, StringComparison.Ordinal))
            {
                payload ??= [];
                Put(payload, key[ClaimPrefix.Length..].Split('\u0001'), value);
            }
            else if (key.StartsWith(MetadataPrefix, StringComparison.Ordinal))
            {
                var parts = key[MetadataPrefix.Length..].Split('\u0001');
                if (!metadata.TryGetValue(parts[0], out var data))
                {
                    metadata[parts[0]] = data = [];
                }

                Put(data, parts[1..], value);
            }
        }

        return new AuthzRequest
        {
            PeerPrincipal = Get(assignment, Peer),
            SourceIp = Get(assignment, SourceIp) ?? "10.0.0.1",
            RemoteIp = Get(assignment, RemoteIp),
            DestinationIp = Get(assignment, DestinationIp) ?? "10.0.0.2",
            DestinationPort = int.TryParse(Get(assignment, DestinationPort), out var port) ? port : 80,
            Sni = Get(assignment, Sni),
            Host = Get(assignment, Host) ?? "httpbin.foo.svc.cluster.local",
            Path = Get(assignment, Path) ?? "/",
            Method = Get(assignment, Method) ?? "GET",
            Headers = headers,
            VerifiedJwtPayload = payload,
            FilterMetadata = metadata,
            ExtAuthzAllows = extAuthzAllows,
        };
    }

    public static string Describe(IReadOnlyDictionary<string, string?> assignment) =>
        string.Join(" ", assignment.Where(a => a.Value is not null).Select(a => $"{a.Key.Replace('\u0001', '.')}={a.Value}"));

    private static string? Get(IReadOnlyDictionary<string, string?> assignment, string key) => assignment.GetValueOrDefault(key);

    private static void Put(JsonObject root, string[] path, string value)
    {
        var node = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (node[path[i]] is not JsonObject child)
            {
                node[path[i]] = child = [];
            }

            node = child;
        }

        node[path[^1]] = value.StartsWith(ListMarker, StringComparison.Ordinal)
            ? new JsonArray(JsonValue.Create(value[ListMarker.Length..]), JsonValue.Create("other-entry"))
            : JsonValue.Create(value);
    }

    private void Learn(Permission permission)
    {
        switch (permission.RuleCase)
        {
            case Permission.RuleOneofCase.AndRules:
                permission.AndRules.Rules.ToList().ForEach(Learn);
                break;
            case Permission.RuleOneofCase.OrRules:
                permission.OrRules.Rules.ToList().ForEach(Learn);
                break;
            case Permission.RuleOneofCase.NotRule:
                Learn(permission.NotRule);
                break;
            case Permission.RuleOneofCase.Header:
                Learn(permission.Header);
                break;
            case Permission.RuleOneofCase.UrlPath:
                Add(Path, Samples(permission.UrlPath.Path).Select(s => s is null ? null : s.StartsWith('/') ? s : "/" + s).ToArray());
                Add(Path, Samples(permission.UrlPath.Path).ToArray());
                break;
            case Permission.RuleOneofCase.UriTemplate:
                if (permission.UriTemplate.TypedConfig?.TryUnpack<UriTemplateMatchConfig>(out var template) == true)
                {
                    var t = template.PathTemplate;
                    Add(Path, t.Replace("**", "a/b", StringComparison.Ordinal).Replace("*", "seg", StringComparison.Ordinal), t.Replace("**", "", StringComparison.Ordinal).Replace("*", "seg", StringComparison.Ordinal).Replace("//", "/", StringComparison.Ordinal), t.Replace("*", "", StringComparison.Ordinal));
                }

                break;
            case Permission.RuleOneofCase.DestinationIp:
                Add(DestinationIp, CidrSamples(permission.DestinationIp));
                break;
            case Permission.RuleOneofCase.DestinationPort:
                Add(DestinationPort, permission.DestinationPort.ToString(System.Globalization.CultureInfo.InvariantCulture), (permission.DestinationPort + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case Permission.RuleOneofCase.DestinationPortRange:
                Add(DestinationPort, permission.DestinationPortRange.Start.ToString(System.Globalization.CultureInfo.InvariantCulture), permission.DestinationPortRange.End.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case Permission.RuleOneofCase.Metadata:
                Learn(permission.Metadata);
                break;
            case Permission.RuleOneofCase.RequestedServerName:
                Add(Sni, Samples(permission.RequestedServerName).ToArray());
                break;
        }
    }

    private void Learn(Principal principal)
    {
        switch (principal.IdentifierCase)
        {
            case Principal.IdentifierOneofCase.AndIds:
                principal.AndIds.Ids.ToList().ForEach(Learn);
                break;
            case Principal.IdentifierOneofCase.OrIds:
                principal.OrIds.Ids.ToList().ForEach(Learn);
                break;
            case Principal.IdentifierOneofCase.NotId:
                Learn(principal.NotId);
                break;
            case Principal.IdentifierOneofCase.Authenticated when principal.Authenticated.PrincipalName is { } name:
                Add(Peer, Samples(name).Where(s => s is not null).ToArray());
                break;
            case Principal.IdentifierOneofCase.SourceIp:
                Add(SourceIp, CidrSamples(principal.SourceIp));
                break;
            case Principal.IdentifierOneofCase.DirectRemoteIp:
                Add(SourceIp, CidrSamples(principal.DirectRemoteIp));
                break;
            case Principal.IdentifierOneofCase.RemoteIp:
                Add(RemoteIp, CidrSamples(principal.RemoteIp));
                break;
            case Principal.IdentifierOneofCase.Header:
                Learn(principal.Header);
                break;
            case Principal.IdentifierOneofCase.UrlPath:
                Add(Path, Samples(principal.UrlPath.Path).ToArray());
                break;
            case Principal.IdentifierOneofCase.Metadata:
                Learn(principal.Metadata);
                break;
        }
    }

    private void Learn(HeaderMatcher header)
    {
        var dimension = header.Name.ToLowerInvariant() switch
        {
            ":authority" or "host" => Host,
            ":method" => Method,
            ":path" => Path,
            _ => HeaderPrefix + header.Name.ToLowerInvariant(),
        };
        var samples = header.HeaderMatchSpecifierCase switch
        {
            HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch => Samples(header.StringMatch),
            HeaderMatcher.HeaderMatchSpecifierOneofCase.ExactMatch => [header.ExactMatch, header.ExactMatch + "x"],
            HeaderMatcher.HeaderMatchSpecifierOneofCase.PrefixMatch => [header.PrefixMatch + "abc", header.PrefixMatch[..^1]],
            HeaderMatcher.HeaderMatchSpecifierOneofCase.SuffixMatch => ["abc" + header.SuffixMatch, header.SuffixMatch[1..]],
            HeaderMatcher.HeaderMatchSpecifierOneofCase.SafeRegexMatch => Samples(new StringMatcher { SafeRegex = header.SafeRegexMatch }),
            _ => new List<string?> { "present-value" },
        };
        Add(dimension, samples.ToArray());
    }

    private void Learn(MetadataMatcher metadata)
    {
        var path = metadata.Path.Select(p => p.Key).ToArray();
        var dimension = metadata.Filter == RbacMatchers.JwtFilter && path.Length > 1 && path[0] == RbacMatchers.JwtPayloadKey
            ? ClaimPrefix + string.Join('\u0001', path[1..])
            : MetadataPrefix + metadata.Filter + "\u0001" + string.Join('\u0001', path);
        var samples = new List<string?>();
        Learn(metadata.Value, samples, inList: false);
        Add(dimension, samples.ToArray());
    }

    private static void Learn(ValueMatcher value, List<string?> samples, bool inList)
    {
        switch (value.MatchPatternCase)
        {
            case ValueMatcher.MatchPatternOneofCase.StringMatch:
                foreach (var sample in Samples(value.StringMatch).Where(s => s is not null))
                {
                    samples.Add(inList ? ListMarker + sample : sample);
                    samples.Add(sample);
                }

                break;
            case ValueMatcher.MatchPatternOneofCase.ListMatch:
                Learn(value.ListMatch.OneOf, samples, inList: true);
                break;
            case ValueMatcher.MatchPatternOneofCase.OrMatch:
                foreach (var option in value.OrMatch.ValueMatchers)
                {
                    Learn(option, samples, inList);
                }

                break;
        }
    }

    /// <summary>Values that match the matcher and values just beside it.</summary>
    public static List<string?> Samples(StringMatcher matcher)
    {
        var samples = new List<string?>();
        switch (matcher.MatchPatternCase)
        {
            case StringMatcher.MatchPatternOneofCase.Exact:
                samples.AddRange([matcher.Exact, matcher.Exact + "x", "x" + matcher.Exact]);
                if (matcher.Exact.Length > 0)
                {
                    samples.Add(matcher.Exact[..^1]);
                }

                break;
            case StringMatcher.MatchPatternOneofCase.Prefix:
                samples.AddRange([matcher.Prefix + "abc", matcher.Prefix, "x" + matcher.Prefix]);
                if (matcher.Prefix.Length > 1)
                {
                    samples.Add(matcher.Prefix[..^1]);
                }

                break;
            case StringMatcher.MatchPatternOneofCase.Suffix:
                samples.AddRange(["abc" + matcher.Suffix, matcher.Suffix, matcher.Suffix + "x"]);
                if (matcher.Suffix.Length > 1)
                {
                    samples.Add(matcher.Suffix[1..]);
                }

                break;
            case StringMatcher.MatchPatternOneofCase.Contains:
                samples.AddRange(["a" + matcher.Contains + "b", matcher.Contains[..^1]]);
                break;
            case StringMatcher.MatchPatternOneofCase.SafeRegex:
                var regex = matcher.SafeRegex.Regex;
                foreach (var fill in new[] { "abc", "" })
                {
                    var sample = RegexSample(regex, fill);
                    if (sample is not null)
                    {
                        samples.AddRange([sample, sample + "/x", "x" + sample]);
                    }
                }

                break;
        }

        if (matcher.IgnoreCase)
        {
            samples.AddRange(samples.Where(s => s is not null).Select(s => s!.ToUpperInvariant()).ToArray());
        }

        return samples;
    }

    /// <summary>A string the (simple, Istio-shaped) regex accepts, found by filling its wildcards; null when that fails.</summary>
    private static string? RegexSample(string regex, string fill)
    {
        var text = regex.StartsWith("(?i)", StringComparison.Ordinal) ? regex[4..] : regex;
        text = text.Replace("(.+/|)", "", StringComparison.Ordinal)
            .Replace("(/.+)?", "", StringComparison.Ordinal)
            .Replace("[^/]*", fill, StringComparison.Ordinal)
            .Replace("[^/]+", "abc", StringComparison.Ordinal)
            .Replace(".*", fill, StringComparison.Ordinal)
            .Replace(".+", "abc", StringComparison.Ordinal);
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                builder.Append(text[++i]);
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        var sample = builder.ToString();
        return RbacEvaluator.FullMatch(regex, sample) ? sample : null;
    }

    /// <summary>The network's first address, an address inside it, and one just outside (the last network bit flipped).</summary>
    public static string?[] CidrSamples(CidrRange range)
    {
        if (!IPAddress.TryParse(range.AddressPrefix, out var address))
        {
            return [];
        }

        var bytes = address.GetAddressBytes();
        var length = (int)(range.PrefixLen ?? (uint)(bytes.Length * 8));
        var samples = new List<string?> { address.ToString() };
        if (length < bytes.Length * 8)
        {
            var inside = (byte[])bytes.Clone();
            inside[^1] ^= 1;
            samples.Add(new IPAddress(inside).ToString());
        }

        if (length > 0)
        {
            var outside = (byte[])bytes.Clone();
            var bit = length - 1;
            outside[bit / 8] ^= (byte)(0x80 >> (bit % 8));
            samples.Add(new IPAddress(outside).ToString());
        }

        return samples.ToArray();
    }
}
