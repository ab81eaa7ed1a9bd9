using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation;

/// <summary>Validates one kind's objects. One implementation per kind; the schema table names it.</summary>
public interface IConfigValidator
{
    ValidationResult Validate(ConfigObject config);
}
