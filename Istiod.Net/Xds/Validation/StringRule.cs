using System.Text;
using System.Text.RegularExpressions;
using Validate;

namespace Istiod.Net.Xds.Validation;

/// <summary>
/// The compiled <c>string</c> rules of one field. Lengths in characters count Unicode code points (RE2's
/// "runes"), lengths in bytes count UTF-8; <c>ignore_empty</c> lets the empty string skip every rule.
/// </summary>
internal sealed class StringRule : IValueRule
{
    private readonly StringRules _rules;
    private readonly Regex? _pattern;
    private readonly HashSet<string>? _in;
    private readonly HashSet<string>? _notIn;

    private StringRule(StringRules rules)
    {
        _rules = rules;
        _pattern = rules.HasPattern ? Re2Pattern.Compile(rules.Pattern) : null;
        _in = rules.In.Count > 0 ? new HashSet<string>(rules.In, StringComparer.Ordinal) : null;
        _notIn = rules.NotIn.Count > 0 ? new HashSet<string>(rules.NotIn, StringComparer.Ordinal) : null;
    }

    public static StringRule? From(StringRules rules)
    {
        var empty = !rules.HasConst && !rules.HasLen && !rules.HasMinLen && !rules.HasMaxLen && !rules.HasLenBytes
            && !rules.HasMinBytes && !rules.HasMaxBytes && !rules.HasPattern && !rules.HasPrefix && !rules.HasSuffix
            && !rules.HasContains && !rules.HasNotContains && rules.In.Count == 0 && rules.NotIn.Count == 0
            && rules.WellKnownCase == StringRules.WellKnownOneofCase.None;
        return empty ? null : new StringRule(rules);
    }

    public void Check(object value, RuleWalk walk) => Check((string)value, walk);

    private void Check(string value, RuleWalk walk)
    {
        var r = _rules;
        if (value.Length == 0 && r.IgnoreEmpty)
        {
            return;
        }

        if (r.HasConst && value != r.Const)
        {
            walk.Report($"value must equal \"{r.Const}\"");
        }

        if (r.HasLen || r.HasMinLen || r.HasMaxLen)
        {
            var runes = CodePoints(value);
            if (r.HasLen && (ulong)runes != r.Len)
            {
                walk.Report($"value length must be {r.Len} characters");
            }

            if (r.HasMinLen && (ulong)runes < r.MinLen)
            {
                walk.Report($"value length must be at least {r.MinLen}");
            }

            if (r.HasMaxLen && (ulong)runes > r.MaxLen)
            {
                walk.Report($"value length must be at most {r.MaxLen}");
            }
        }

        if (r.HasLenBytes || r.HasMinBytes || r.HasMaxBytes)
        {
            var bytes = (ulong)Encoding.UTF8.GetByteCount(value);
            if (r.HasLenBytes && bytes != r.LenBytes)
            {
                walk.Report($"value must be {r.LenBytes} bytes long");
            }

            if (r.HasMinBytes && bytes < r.MinBytes)
            {
                walk.Report($"value must be at least {r.MinBytes} bytes long");
            }

            if (r.HasMaxBytes && bytes > r.MaxBytes)
            {
                walk.Report($"value must be at most {r.MaxBytes} bytes long");
            }
        }

        if (_pattern is not null && !_pattern.IsMatch(value))
        {
            walk.Report($"value does not match pattern \"{r.Pattern}\"");
        }

        if (r.HasPrefix && !value.StartsWith(r.Prefix, StringComparison.Ordinal))
        {
            walk.Report($"value must start with \"{r.Prefix}\"");
        }

        if (r.HasSuffix && !value.EndsWith(r.Suffix, StringComparison.Ordinal))
        {
            walk.Report($"value must end with \"{r.Suffix}\"");
        }

        if (r.HasContains && !value.Contains(r.Contains, StringComparison.Ordinal))
        {
            walk.Report($"value must contain \"{r.Contains}\"");
        }

        if (r.HasNotContains && value.Contains(r.NotContains, StringComparison.Ordinal))
        {
            walk.Report($"value must not contain \"{r.NotContains}\"");
        }

        if (_in is not null && !_in.Contains(value))
        {
            walk.Report($"value must be one of [{string.Join(", ", r.In)}]");
        }

        if (_notIn is not null && _notIn.Contains(value))
        {
            walk.Report($"value must not be one of [{string.Join(", ", r.NotIn)}]");
        }

        if (WellKnownProblem(value) is { } problem)
        {
            walk.Report(problem);
        }
    }

    private string? WellKnownProblem(string value) => _rules.WellKnownCase switch
    {
        StringRules.WellKnownOneofCase.Email when _rules.Email && !WellKnownStrings.IsEmail(value) => "value must be a valid email address",
        StringRules.WellKnownOneofCase.Hostname when _rules.Hostname && !WellKnownStrings.IsHostname(value) => "value must be a valid hostname",
        StringRules.WellKnownOneofCase.Ip when _rules.Ip && !WellKnownStrings.IsIp(value) => "value must be a valid IP address",
        StringRules.WellKnownOneofCase.Ipv4 when _rules.Ipv4 && !WellKnownStrings.IsIpv4(value) => "value must be a valid IPv4 address",
        StringRules.WellKnownOneofCase.Ipv6 when _rules.Ipv6 && !WellKnownStrings.IsIpv6(value) => "value must be a valid IPv6 address",
        StringRules.WellKnownOneofCase.Uri when _rules.Uri && !WellKnownStrings.IsUri(value) => "value must be an absolute URI",
        StringRules.WellKnownOneofCase.UriRef when _rules.UriRef && !WellKnownStrings.IsUriReference(value) => "value must be a valid URI reference",
        StringRules.WellKnownOneofCase.Address when _rules.Address && !WellKnownStrings.IsAddress(value) => "value must be a valid hostname or IP address",
        StringRules.WellKnownOneofCase.Uuid when _rules.Uuid && !WellKnownStrings.IsUuid(value) => "value must be a valid UUID",
        StringRules.WellKnownOneofCase.WellKnownRegex => HeaderProblem(value),
        _ => null,
    };

    private string? HeaderProblem(string value)
    {
        // strict defaults to true in validate.proto; with it off both kinds only refuse NUL, CR and LF.
        if (!_rules.Strict)
        {
            return WellKnownStrings.IsLenientHeader(value) ? null : "value must not contain NUL, CR or LF";
        }

        return _rules.WellKnownRegex switch
        {
            KnownRegex.HttpHeaderName when !WellKnownStrings.IsStrictHeaderName(value) => "value must be a valid HTTP header name",
            KnownRegex.HttpHeaderValue when !WellKnownStrings.IsStrictHeaderValue(value) => "value must be a valid HTTP header value (no control characters)",
            _ => null,
        };
    }

    private static int CodePoints(string value)
    {
        var count = value.Length;
        foreach (var c in value)
        {
            if (char.IsLowSurrogate(c))
            {
                count--;
            }
        }

        return count;
    }
}
