using FluentValidation;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Validation.Security;

namespace Istiod.Net.Config.Validation.Telemetry;

/// <summary>
/// Telemetry: provider names are non-empty, metric overrides name a standard metric or a non-empty
/// custom one, tag overrides carry a value exactly when they set one, and sampling is a percentage.
/// </summary>
public sealed class TelemetryValidator : SpecValidator<TelemetrySpec>
{
    private static readonly HashSet<string> StandardMetrics = new(StringComparer.Ordinal)
    {
        "ALL_METRICS", "REQUEST_COUNT", "REQUEST_DURATION", "REQUEST_SIZE", "RESPONSE_SIZE",
        "TCP_OPENED_CONNECTIONS", "TCP_CLOSED_CONNECTIONS", "TCP_SENT_BYTES", "TCP_RECEIVED_BYTES",
        "GRPC_REQUEST_MESSAGES", "GRPC_RESPONSE_MESSAGES",
    };

    private static readonly HashSet<string> Modes = new(StringComparer.Ordinal) { "CLIENT_AND_SERVER", "CLIENT", "SERVER" };

    public TelemetryValidator()
    {
        RuleFor(t => t).Custom((spec, context) =>
        {
            PolicyTargeting.Check(spec.Selector, spec.TargetRef, spec.TargetRefs, context);
            for (var i = 0; i < (spec.Metrics?.Count ?? 0); i++)
            {
                CheckMetrics(spec.Metrics![i], $"metrics[{i}]", context);
            }

            for (var i = 0; i < (spec.AccessLogging?.Count ?? 0); i++)
            {
                var logging = spec.AccessLogging![i];
                CheckProviders(logging?.Providers, $"accessLogging[{i}].providers", context);
                CheckMode(logging?.Match?.Mode, $"accessLogging[{i}].match.mode", context);
                if (logging?.Filter is { } filter && string.IsNullOrWhiteSpace(filter.Expression))
                {
                    context.AddError($"accessLogging[{i}].filter.expression", "a filter needs a non-empty expression");
                }
            }

            for (var i = 0; i < (spec.Tracing?.Count ?? 0); i++)
            {
                CheckTracing(spec.Tracing![i], $"tracing[{i}]", context);
            }
        });
    }

    private static void CheckMetrics(TelemetryMetrics? metrics, string path, ValidationContext<TelemetrySpec> context)
    {
        if (metrics is null)
        {
            return;
        }

        CheckProviders(metrics.Providers, $"{path}.providers", context);
        if (metrics.ReportingInterval is { } interval && ConfigRules.DurationProblem(interval, ConfigRules.OneMillisecond) is { } problem)
        {
            context.AddError($"{path}.reportingInterval", problem);
        }

        for (var i = 0; i < (metrics.Overrides?.Count ?? 0); i++)
        {
            var over = metrics.Overrides![i];
            var at = $"{path}.overrides[{i}]";
            if (over?.Match is { } match)
            {
                if (match.CustomMetric is { Length: 0 })
                {
                    context.AddError($"{at}.match.customMetric", "customMetric should be at least 1 chars long");
                }

                if (match.Metric is not null && match.CustomMetric is not null)
                {
                    context.AddError($"{at}.match", "only one of metric or customMetric can be set");
                }

                if (match.Metric is { } metric && !StandardMetrics.Contains(metric))
                {
                    context.AddError($"{at}.match.metric", $"Unsupported value: \"{metric}\"");
                }

                CheckMode(match.Mode, $"{at}.match.mode", context);
            }

            foreach (var (tag, tagOverride) in over?.TagOverrides ?? new Dictionary<string, TagOverride>())
            {
                var tagPath = $"{at}.tagOverrides[{tag}]";
                if (tagOverride is null)
                {
                    continue;
                }

                var remove = tagOverride.Operation == TagOperation.Remove;
                if (remove && tagOverride.Value is not null)
                {
                    context.AddError($"{tagPath}.value", "value must not be set when operation is REMOVE");
                }
                else if (!remove && string.IsNullOrEmpty(tagOverride.Value))
                {
                    context.AddError($"{tagPath}.value", "value must be set when operation is UPSERT");
                }
            }
        }
    }

    private static void CheckTracing(TelemetryTracing? tracing, string path, ValidationContext<TelemetrySpec> context)
    {
        if (tracing is null)
        {
            return;
        }

        CheckProviders(tracing.Providers, $"{path}.providers", context);
        CheckMode(tracing.Match?.Mode, $"{path}.match.mode", context);
        if (tracing.RandomSamplingPercentage is < 0 or > 100)
        {
            context.AddError($"{path}.randomSamplingPercentage", $"percentage {tracing.RandomSamplingPercentage} must be in the range 0..100");
        }

        foreach (var (name, tag) in tracing.CustomTags ?? new Dictionary<string, TracingCustomTag>())
        {
            var set = (tag?.Literal is null ? 0 : 1) + (tag?.Environment is null ? 0 : 1) + (tag?.Header is null ? 0 : 1);
            if (set != 1)
            {
                context.AddError($"{path}.customTags[{name}]", "exactly one of literal, environment or header must be set");
            }
            else if (string.IsNullOrEmpty(tag!.Environment?.Name ?? tag.Header?.Name ?? "x"))
            {
                context.AddError($"{path}.customTags[{name}]", "the environment variable or header name must not be empty");
            }
        }
    }

    private static void CheckProviders(IReadOnlyList<ExtensionProviderRef>? providers, string path, ValidationContext<TelemetrySpec> context)
    {
        for (var i = 0; i < (providers?.Count ?? 0); i++)
        {
            if (string.IsNullOrEmpty(providers![i]?.Name))
            {
                context.AddError($"{path}[{i}].name", "name should be at least 1 chars long");
            }
        }
    }

    private static void CheckMode(string? mode, string path, ValidationContext<TelemetrySpec> context)
    {
        if (mode is not null && !Modes.Contains(mode))
        {
            context.AddError(path, $"Unsupported value: \"{mode}\" (CLIENT_AND_SERVER, CLIENT or SERVER)");
        }
    }
}
