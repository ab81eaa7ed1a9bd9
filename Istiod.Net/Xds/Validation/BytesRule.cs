using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Validate;

namespace Istiod.Net.Xds.Validation;

/// <summary>The compiled <c>bytes</c> rules of one field; ip/ipv4/ipv6 mean a 4- or 16-byte address.</summary>
internal sealed class BytesRule : IValueRule
{
    private readonly BytesRules _rules;
    private readonly Regex? _pattern;

    private BytesRule(BytesRules rules)
    {
        _rules = rules;
        _pattern = rules.HasPattern ? Re2Pattern.Compile(rules.Pattern) : null;
    }

    public static BytesRule? From(BytesRules rules) =>
        rules.CalculateSize() == 0 ? null : new BytesRule(rules);

    public void Check(object value, RuleWalk walk)
    {
        var r = _rules;
        var bytes = ((ByteString)value).Span;
        if (r.HasConst && !bytes.SequenceEqual(r.Const.Span))
        {
            walk.Report($"value must equal {Hex(r.Const.Span)}");
        }

        if (r.HasLen && (ulong)bytes.Length != r.Len)
        {
            walk.Report($"value must be {r.Len} bytes long");
        }

        if (r.HasMinLen && (ulong)bytes.Length < r.MinLen)
        {
            walk.Report($"value must be at least {r.MinLen} bytes long");
        }

        if (r.HasMaxLen && (ulong)bytes.Length > r.MaxLen)
        {
            walk.Report($"value must be at most {r.MaxLen} bytes long");
        }

        if (_pattern is not null && !_pattern.IsMatch(Encoding.UTF8.GetString(bytes)))
        {
            walk.Report($"value does not match pattern \"{r.Pattern}\"");
        }

        if (r.HasPrefix && !bytes.StartsWith(r.Prefix.Span))
        {
            walk.Report($"value must start with {Hex(r.Prefix.Span)}");
        }

        if (r.HasSuffix && !bytes.EndsWith(r.Suffix.Span))
        {
            walk.Report($"value must end with {Hex(r.Suffix.Span)}");
        }

        if (r.HasContains && bytes.IndexOf(r.Contains.Span) < 0)
        {
            walk.Report($"value must contain {Hex(r.Contains.Span)}");
        }

        if (r.In.Count > 0 && !r.In.Contains((ByteString)value))
        {
            walk.Report("value must be one of the allowed values");
        }

        if (r.NotIn.Count > 0 && r.NotIn.Contains((ByteString)value))
        {
            walk.Report("value must not be one of the refused values");
        }

        var problem = r.WellKnownCase switch
        {
            BytesRules.WellKnownOneofCase.Ip when r.Ip && bytes.Length is not (4 or 16) => "value must be an IP address (4 or 16 bytes)",
            BytesRules.WellKnownOneofCase.Ipv4 when r.Ipv4 && bytes.Length != 4 => "value must be an IPv4 address (4 bytes)",
            BytesRules.WellKnownOneofCase.Ipv6 when r.Ipv6 && bytes.Length != 16 => "value must be an IPv6 address (16 bytes)",
            _ => null,
        };
        if (problem is not null)
        {
            walk.Report(problem);
        }
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexString(bytes).ToLowerInvariant();
}
