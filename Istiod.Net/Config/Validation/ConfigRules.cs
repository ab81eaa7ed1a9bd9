using System.Text.RegularExpressions;
using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation;

/// <summary>Rules shared by several kinds: ports, durations, percentages, weights, regexes, host names.</summary>
public static partial class ConfigRules
{
    /// <summary>The shortest duration Istio accepts for timeouts and intervals.</summary>
    public static readonly TimeSpan OneMillisecond = TimeSpan.FromMilliseconds(1);

    public static IRuleBuilderOptions<T, uint?> ValidPort<T>(this IRuleBuilder<T, uint?> rule) =>
        rule.Must(p => p is null or (>= 1 and <= 65535))
            .WithMessage((_, p) => $"port number {p} must be in the range 1..65535");

    /// <summary>A Go-style duration ("10s", "100ms", "1m") that is at least <paramref name="minimum"/> and whole milliseconds.</summary>
    public static IRuleBuilderOptions<T, string?> Duration<T>(this IRuleBuilder<T, string?> rule, TimeSpan? minimum = null) =>
        rule.Must(d => d is null || DurationProblem(d, minimum ?? OneMillisecond) is null)
            .WithMessage((_, d) => DurationProblem(d!, minimum ?? OneMillisecond)!);

    /// <summary>A duration that may also be zero (a timeout of "0s" turns the timeout off).</summary>
    public static IRuleBuilderOptions<T, string?> DurationOrZero<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(d => d is null || DurationProblem(d, TimeSpan.Zero) is null)
            .WithMessage((_, d) => DurationProblem(d!, TimeSpan.Zero)!);

    public static IRuleBuilderOptions<T, double?> Percentage<T>(this IRuleBuilder<T, double?> rule) =>
        rule.Must(p => p is null or (>= 0 and <= 100))
            .WithMessage((_, p) => $"percentage {p} must be in the range 0..100");

    public static IRuleBuilderOptions<T, int?> Percentage<T>(this IRuleBuilder<T, int?> rule) =>
        rule.Must(p => p is null or (>= 0 and <= 100))
            .WithMessage((_, p) => $"percentage {p} must be in the range 0..100");

    public static IRuleBuilderOptions<T, int?> Weight<T>(this IRuleBuilder<T, int?> rule) =>
        rule.Must(w => w is null or (>= 0 and <= 100))
            .WithMessage((_, w) => $"weight {w} must be in the range 0..100");

    /// <summary>A regular expression that compiles. Envoy uses RE2, which also lacks lookaround and backreferences.</summary>
    public static IRuleBuilderOptions<T, string?> Re2Regex<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(r => r is null || RegexProblem(r) is null)
            .WithMessage((_, r) => RegexProblem(r!)!);

    /// <summary>A host name as Istio writes them: DNS labels, optionally starting with "*." (or just "*" when allowed). Empty is left to a NotEmpty rule.</summary>
    public static IRuleBuilderOptions<T, string?> HostName<T>(this IRuleBuilder<T, string?> rule, bool allowWildcard = true) =>
        rule.Must(h => string.IsNullOrEmpty(h) || HostProblem(h, allowWildcard) is null)
            .WithMessage((_, h) => HostProblem(h!, allowWildcard)!);

    public static string? DurationProblem(string text, TimeSpan minimum)
    {
        if (!GoDuration.TryParse(text, out var value, out var error))
        {
            return error;
        }

        if (value < minimum)
        {
            return minimum == TimeSpan.Zero ? $"duration \"{text}\" must not be negative" : $"duration \"{text}\" must be at least {FormatMinimum(minimum)}";
        }

        return value.Ticks % TimeSpan.TicksPerMillisecond != 0 ? $"duration \"{text}\" must be a whole number of milliseconds" : null;
    }

    public static string? RegexProblem(string pattern)
    {
        if (Re2Unsupported().Match(pattern) is { Success: true } unsupported)
        {
            return $"regex \"{pattern}\" uses \"{unsupported.Value}\", which RE2 does not support";
        }

        try
        {
            // RE2 names groups (?P<name>...); .NET spells it (?<name>...).
            _ = new Regex(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal), RegexOptions.None, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException e)
        {
            return $"regex \"{pattern}\" does not compile: {e.Message}";
        }
    }

    public static string? HostProblem(string host, bool allowWildcard)
    {
        if (host.Length == 0)
        {
            return "host must not be empty";
        }

        if (host == "*")
        {
            return allowWildcard ? null : "wildcard host \"*\" is not allowed here";
        }

        var name = host;
        if (name.StartsWith("*.", StringComparison.Ordinal))
        {
            if (!allowWildcard)
            {
                return $"wildcard host \"{host}\" is not allowed here";
            }

            name = name[2..];
        }

        if (name.Length > 255)
        {
            return $"host \"{host}\" is longer than 255 characters";
        }

        // A trailing dot (fully qualified) is allowed; each label is a DNS-1123 label.
        var labels = name.TrimEnd('.').Split('.');
        return labels.All(l => DnsLabel().IsMatch(l))
            ? null
            : $"host \"{host}\" is not a valid DNS name (labels of letters, digits and '-', optionally starting with \"*.\")";
    }

    public static bool IsDnsLabel(string? text) => text is not null && DnsLabel().IsMatch(text);

    private static string FormatMinimum(TimeSpan minimum) =>
        minimum < TimeSpan.FromSeconds(1) ? $"{minimum.TotalMilliseconds}ms" : $"{minimum.TotalSeconds}s";

    [GeneratedRegex("^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"\(\?<?[=!]|\\[1-9]|\\k<", RegexOptions.CultureInvariant)]
    private static partial Regex Re2Unsupported();
}
