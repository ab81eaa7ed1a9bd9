using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>Set/add/remove header lists: every name is a non-empty header name.</summary>
public sealed class HeaderOperationsValidator : AbstractValidator<HeaderOperations>
{
    public HeaderOperationsValidator()
    {
        RuleFor(o => o).Custom((ops, context) =>
        {
            CheckNames(ops.Set?.Keys, "set", context);
            CheckNames(ops.Add?.Keys, "add", context);
            CheckNames(ops.Remove, "remove", context);
        });
    }

    private static void CheckNames(IEnumerable<string>? names, string field, ValidationContext<HeaderOperations> context)
    {
        foreach (var name in names ?? [])
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(c => char.IsWhiteSpace(c) || c == ':' && name.IndexOf(c) != 0))
            {
                context.AddError(field, $"invalid header name \"{name}\"");
            }
        }
    }
}
