using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>DestinationRule: host, traffic policy and named subsets.</summary>
public sealed class DestinationRuleValidator : SpecValidator<DestinationRuleSpec>
{
    public DestinationRuleValidator()
    {
        RuleFor(dr => dr.Host).NotEmpty().WithMessage("host is required").HostName();
        RuleFor(dr => dr.TrafficPolicy).SetValidator(new TrafficPolicyValidator()!);
        RuleForEach(dr => dr.Subsets).ChildRules(subset =>
        {
            subset.RuleFor(s => s.Name).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("subset name is required")
                .Must(ConfigRules.IsDnsLabel).WithMessage((_, n) => $"subset name \"{n}\" is not a valid DNS-1123 label");
            subset.RuleFor(s => s.Labels).NotEmpty().WithSeverity(Severity.Warning)
                .WithMessage("subset has no labels, so it selects every endpoint of the host");
            subset.RuleFor(s => s.TrafficPolicy).SetValidator(new TrafficPolicyValidator()!);
            subset.RuleFor(s => s).Custom((s, context) => ConfigRules.CheckLabels(s.Labels, "labels", context));
        });
        RuleFor(dr => dr.Subsets).Custom((subsets, context) =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < (subsets?.Count ?? 0); i++)
            {
                if (subsets![i]?.Name is { Length: > 0 } name && !seen.Add(name))
                {
                    context.AddError($"[{i}].name", $"duplicate subset name \"{name}\"");
                }
            }
        });
        RuleFor(dr => dr.ExportTo).Custom((exportTo, context) => ExportTo.Check(exportTo, allowNone: false, context));
    }
}
