using System.Globalization;

namespace Istiod.Net.Config.Model;

/// <summary>
/// Durations as Istio's YAML writes them: Go's <c>time.ParseDuration</c> syntax ("10s", "1.5s",
/// "100ms", "1m30s", "1h"). Generators use this to turn a spec string into a protobuf Duration.
/// </summary>
public static class GoDuration
{
    private const long TicksPerNanosecondDivisor = 100;

    /// <summary>Parses a duration; false (with a reason) when the text is not one.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        error = string.Empty;
        if (string.IsNullOrEmpty(text))
        {
            error = "empty duration";
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            error = $"invalid duration \"{text}\"";
            return false;
        }

        decimal totalNanos = 0;
        while (!s.IsEmpty)
        {
            var digits = 0;
            while (digits < s.Length && (char.IsAsciiDigit(s[digits]) || s[digits] == '.'))
            {
                digits++;
            }

            var number = s[..digits];
            if (number.IsEmpty || number is "." || number.IndexOf('.') != number.LastIndexOf('.')
                || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                error = $"invalid duration \"{text}\": expected a number followed by a unit (ns, us, ms, s, m, h)";
                return false;
            }

            s = s[digits..];
            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.')
            {
                unitLength++;
            }

            decimal? nanosPerUnit = s[..unitLength] switch
            {
                "ns" => 1m,
                "us" or "\u00b5s" or "\u03bcs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => null,
            };
            if (nanosPerUnit is null)
            {
                error = unitLength == 0
                    ? $"invalid duration \"{text}\": missing unit (ns, us, ms, s, m, h)"
                    : $"invalid duration \"{text}\": unknown unit \"{s[..unitLength].ToString()}\" (ns, us, ms, s, m, h)";
                return false;
            }

            s = s[unitLength..];
            totalNanos += amount * nanosPerUnit.Value;
            if (totalNanos > (decimal)TimeSpan.MaxValue.Ticks * TicksPerNanosecondDivisor)
            {
                error = $"invalid duration \"{text}\": too large";
                return false;
            }
        }

        var ticks = (long)decimal.Truncate(totalNanos / TicksPerNanosecondDivisor);
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    /// <summary>Parses a duration that validation already accepted; null for null.</summary>
    public static TimeSpan? Parse(string? text) =>
        text is null ? null
        : TryParse(text, out var value, out var error) ? value
        : throw new FormatException(error);
}
