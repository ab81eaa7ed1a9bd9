using FluentValidation;
using FluentValidation.Results;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation;

/// <summary>Helpers for custom rules: the object being validated, and failures at an explicit path.</summary>
public static class ValidationContextExtensions
{
    /// <summary>The whole object (metadata included) whose spec is being validated, when known.</summary>
    public static ConfigObject? ConfigObject<T>(this ValidationContext<T> context) =>
        context.RootContextData.TryGetValue(SpecValidator<object>.ConfigObjectKey, out var value) ? value as ConfigObject : null;

    /// <summary>An error at <paramref name="property"/> below the property being validated (CLR or JSON names).</summary>
    public static void AddError<T>(this ValidationContext<T> context, string property, string message) =>
        context.AddFailure(new ValidationFailure(Combine(context, property), message) { Severity = Severity.Error });

    /// <summary>A warning at <paramref name="property"/> below the property being validated (CLR or JSON names).</summary>
    public static void AddWarning<T>(this ValidationContext<T> context, string property, string message) =>
        context.AddFailure(new ValidationFailure(Combine(context, property), message) { Severity = Severity.Warning });

    private static string Combine<T>(ValidationContext<T> context, string property)
    {
        var parent = context.PropertyPath;
        if (string.IsNullOrEmpty(parent))
        {
            return property;
        }

        return string.IsNullOrEmpty(property) ? parent : property.StartsWith('[') ? parent + property : $"{parent}.{property}";
    }
}
