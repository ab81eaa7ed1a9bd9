using FluentValidation;
using FluentValidation.Results;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation;

/// <summary>
/// The base of every kind's validator: FluentValidation rules over the spec record, reported as
/// <see cref="ValidationMessage"/>s with Istio-form field paths. Rules with
/// <c>.WithSeverity(Severity.Warning)</c> (or <see cref="ValidationContextExtensions.AddWarning{T}"/>)
/// become warnings; everything else is an error.
/// </summary>
/// <remarks>
/// A fuller Istio rule set extends the per-kind validators (or their child validators) with more rules;
/// nothing here needs to change for that.
/// </remarks>
public abstract class SpecValidator<TSpec> : AbstractValidator<TSpec>, IConfigValidator
    where TSpec : class
{
    internal const string ConfigObjectKey = "config-object";

    ValidationResult IConfigValidator.Validate(ConfigObject config) => ValidateConfig(config);

    /// <summary>Validates one object of this kind.</summary>
    public ValidationResult ValidateConfig(ConfigObject config)
    {
        if (config.Spec is not TSpec spec)
        {
            return ValidationResult.Fail("spec", $"expected a {typeof(TSpec).Name}, got {config.Spec.GetType().Name}");
        }

        var context = new ValidationContext<TSpec>(spec);
        context.RootContextData[ConfigObjectKey] = config;
        FluentValidation.Results.ValidationResult outcome;
        try
        {
            outcome = Validate(context);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A rule that throws is a bug in the rule, but it must not take the document (or the caller) down.
            return ValidationResult.Fail("spec", $"validation failed unexpectedly: {e.Message}");
        }

        if (outcome.IsValid && outcome.Errors.Count == 0)
        {
            return ValidationResult.Valid;
        }

        var errors = new List<ValidationMessage>();
        var warnings = new List<ValidationMessage>();
        foreach (var failure in outcome.Errors)
        {
            var message = ToMessage(failure);
            (failure.Severity == Severity.Error ? errors : warnings).Add(message);
        }

        return new ValidationResult(errors, warnings);
    }

    private static ValidationMessage ToMessage(ValidationFailure failure)
    {
        var path = string.IsNullOrEmpty(failure.PropertyName)
            ? "spec"
            : failure.PropertyName.StartsWith("metadata", StringComparison.Ordinal)
                ? failure.PropertyName
                : FieldPath.ToIstio(typeof(TSpec), failure.PropertyName);
        return new ValidationMessage(path, failure.ErrorMessage);
    }
}
