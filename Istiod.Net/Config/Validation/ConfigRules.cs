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

    /// <summary>A route weight: negative is an error. Istio treats weights as relative, so above 100 is only a warning.</summary>
    public static IRuleBuilderOptions<T, int?> Weight<T>(this IRuleBuilder<T, int?> rule) =>
        rule.Must(w => w is null or >= 0)
            .WithMessage((_, w) => $"weight {w} must not be negative");

    public static IRuleBuilderOptions<T, int?> WeightAtMost100<T>(this IRuleBuilder<T, int?> rule) =>
        rule.Must(w => w is null or <= 100)
            .WithSeverity(Severity.Warning)
            .WithMessage((_, w) => $"weight {w} is above 100; weights are meant as percentages (Envoy uses them as relative shares)");

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

    public static bool IsDnsLabel(string? text) => text is not null && DnsLabel().IsMatch(text) && text.ToLowerInvariant() == text;

    /// <summary>Kubernetes label syntax: key is [prefix/]name, name and value at most 63 of [A-Za-z0-9-_.], alphanumeric at both ends.</summary>
    public static string? LabelProblem(string key, string? value)
    {
        var slash = key.IndexOf('/');
        var name = slash >= 0 ? key[(slash + 1)..] : key;
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length is 0 or > 253 || HostProblem(prefix, allowWildcard: false) is not null)
            {
                return $"label key \"{key}\" has an invalid prefix (a DNS subdomain is expected before '/')";
            }
        }

        if (name.Length is 0 or > 63 || !LabelName().IsMatch(name))
        {
            return $"label key \"{key}\" is invalid: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
        }

        if (!string.IsNullOrEmpty(value) && (value.Length > 63 || !LabelName().IsMatch(value)))
        {
            return $"label value \"{value}\" of \"{key}\" is invalid: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
        }

        return null;
    }

    /// <summary>Adds an error for every label of <paramref name="labels"/> that is not valid Kubernetes label syntax.</summary>
    public static void CheckLabels<T>(IReadOnlyDictionary<string, string>? labels, string field, ValidationContext<T> context)
    {
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            if (LabelProblem(key, value) is { } problem)
            {
                context.AddError($"{field}[{key}]", problem);
            }
        }
    }

    private static string FormatMinimum(TimeSpan minimum) =>
        minimum < TimeSpan.FromSeconds(1) ? $"{minimum.TotalMilliseconds}ms" : $"{minimum.TotalSeconds}s";

    [GeneratedRegex("^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelName();

    [GeneratedRegex(@"\(\?<?[=!]|\\[1-9]|\\k<", RegexOptions.CultureInvariant)]
    private static partial Regex Re2Unsupported();
}
