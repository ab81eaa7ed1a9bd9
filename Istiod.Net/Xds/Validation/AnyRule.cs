using Google.Protobuf.WellKnownTypes;
using Validate;

namespace Istiod.Net.Xds.Validation;

/// <summary><c>any.in</c> and <c>any.not_in</c>: the type URLs an Any may (or may not) carry.</summary>
internal sealed class AnyRule : IValueRule
{
    private readonly HashSet<string> _in;
    private readonly HashSet<string> _notIn;

    private AnyRule(AnyRules rules)
    {
        _in = new HashSet<string>(rules.In, StringComparer.Ordinal);
        _notIn = new HashSet<string>(rules.NotIn, StringComparer.Ordinal);
    }

    public static AnyRule? From(AnyRules rules) => rules.In.Count > 0 || rules.NotIn.Count > 0 ? new AnyRule(rules) : null;

    public void Check(object value, RuleWalk walk)
    {
        var typeUrl = ((Any)value).TypeUrl;
        if (_in.Count > 0 && !_in.Contains(typeUrl))
        {
            walk.Report($"type URL must be one of [{string.Join(", ", _in)}]");
        }

        if (_notIn.Contains(typeUrl))
        {
            walk.Report($"type URL must not be one of [{string.Join(", ", _notIn)}]");
        }
    }
}
