using System.Globalization;
using System.Numerics;

namespace Istiod.Net.Xds.Validation;

/// <summary>
/// const, lt, lte, gt, gte, in and not_in over one number type. When both bounds are given and the lower one
/// is above the upper one, protoc-gen-validate means the range outside them, and so does this rule.
/// Durations and timestamps reuse it as nanoseconds.
/// </summary>
internal sealed class NumberRule<T> : IValueRule where T : struct, INumber<T>
{
    private readonly T? _const;
    private readonly T? _lt;
    private readonly T? _lte;
    private readonly T? _gt;
    private readonly T? _gte;
    private readonly T[] _in;
    private readonly T[] _notIn;
    private readonly Func<T, string> _format;
    private readonly Func<object, T> _read;

    public NumberRule(T? constValue, T? lt, T? lte, T? gt, T? gte, IEnumerable<T> inValues, IEnumerable<T> notIn, Func<T, string>? format = null, Func<object, T>? read = null)
    {
        _const = constValue;
        _lt = lt;
        _lte = lte;
        _gt = gt;
        _gte = gte;
        _in = [.. inValues];
        _notIn = [.. notIn];
        _format = format ?? (v => string.Create(CultureInfo.InvariantCulture, $"{v}"));
        _read = read ?? ReadConvertible;
    }

    public bool IsEmpty => _const is null && _lt is null && _lte is null && _gt is null && _gte is null && _in.Length == 0 && _notIn.Length == 0;

    public void Check(object value, RuleWalk walk) => Check(_read(value), walk);

    public void Check(T value, RuleWalk walk)
    {
        if (_const is { } c && value != c)
        {
            walk.Report($"value must equal {_format(c)}");
        }

        CheckBounds(value, walk);

        if (_in.Length > 0 && Array.IndexOf(_in, value) < 0)
        {
            walk.Report($"value must be one of [{string.Join(", ", _in.Select(_format))}]");
        }

        if (_notIn.Length > 0 && Array.IndexOf(_notIn, value) >= 0)
        {
            walk.Report($"value must not be one of [{string.Join(", ", _notIn.Select(_format))}]");
        }
    }

    private void CheckBounds(T value, RuleWalk walk)
    {
        var hasUpper = _lt is not null || _lte is not null;
        var hasLower = _gt is not null || _gte is not null;
        // Written as "not (allowed)" so that NaN, which compares false with everything, always fails.
        var belowUpper = _lt is { } lt ? value < lt : _lte is not { } lte || value <= lte;
        var aboveLower = _gt is { } gt ? value > gt : _gte is not { } gte || value >= gte;
        if (hasUpper && hasLower)
        {
            var upper = (_lt ?? _lte)!.Value;
            var lower = (_gt ?? _gte)!.Value;
            if (lower > upper)
            {
                // gt: 10, lt: 5 allows everything except [5, 10].
                if (!(belowUpper || aboveLower))
                {
                    walk.Report($"value must be {LowerText()} or {UpperText()}");
                }

                return;
            }

            if (!(belowUpper && aboveLower))
            {
                var open = _gt is not null ? "(" : "[";
                var close = _lt is not null ? ")" : "]";
                walk.Report($"value must be inside range {open}{_format(lower)}, {_format(upper)}{close}");
            }

            return;
        }

        if (hasUpper && !belowUpper)
        {
            walk.Report($"value must be {UpperText()}");
        }
        else if (hasLower && !aboveLower)
        {
            walk.Report($"value must be {LowerText()}");
        }
    }

    private string UpperText() => _lt is { } lt ? $"less than {_format(lt)}" : $"less than or equal to {_format(_lte!.Value)}";

    private string LowerText() => _gt is { } gt ? $"greater than {_format(gt)}" : $"greater than or equal to {_format(_gte!.Value)}";

    private static T ReadConvertible(object value) =>
        value is T typed ? typed : (T)((IConvertible)value).ToType(typeof(T), CultureInfo.InvariantCulture);
}
