namespace Istiod.Net.Config.Validation;

/// <summary>Every error and warning found in one object. Errors reject it; warnings do not.</summary>
public sealed record ValidationResult(IReadOnlyList<ValidationMessage> Errors, IReadOnlyList<ValidationMessage> Warnings)
{
    public static readonly ValidationResult Valid = new([], []);

    public bool IsValid => Errors.Count == 0;

    public static ValidationResult Fail(string path, string message) => new([new ValidationMessage(path, message)], []);
}
