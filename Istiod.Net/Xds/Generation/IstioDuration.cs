using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Xds.Generation;

/// <summary>Istio durations as written in YAML ("1.5s", "100ms", "1h30m"), to protobuf durations.</summary>
public static partial class IstioDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var matches = Part().Matches(text.Trim());
        if (matches.Count == 0 || matches.Sum(m => m.Length) != text.Trim().Length)
        {
            return false;
        }

        double ticks = 0;
        foreach (Match m in matches)
        {
            var value = double.Parse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            ticks += value * m.Groups[2].Value switch
            {
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                _ => 100.0 / 10_000, // ns: a tick is 100 ns
            };
        }

        duration = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }

    public static Duration? ToProto(string? text) =>
        TryParse(text, out var duration) ? Duration.FromTimeSpan(duration) : null;

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
