using System.Text.RegularExpressions;
using FluentValidation;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Validation.Security;

namespace Istiod.Net.Config.Validation.Extensions;

/// <summary>
/// WasmPlugin: a URL Istio can fetch (oci, file, http, https; a bare reference means oci), a sha256 that
/// is a real digest, non-empty names, unique env vars whose value only comes inline, and ports in range.
/// </summary>
public sealed partial class WasmPluginValidator : SpecValidator<WasmPluginSpec>
{
    private static readonly string[] Schemes = ["oci", "file", "http", "https"];

    public WasmPluginValidator()
    {
        RuleFor(w => w).Custom((spec, context) =>
        {
            PolicyTargeting.Check(spec.Selector, spec.TargetRef, spec.TargetRefs, context);
            if (spec.Url is null)
            {
                context.AddError("url", "Required value: url must be set");
            }
            else if (spec.Url.Length == 0)
            {
                context.AddError("url", "url should be at least 1 chars long");
            }
            else if (UrlProblem(spec.Url) is { } problem)
            {
                context.AddError("url", problem);
            }

            if (spec.Sha256 is { Length: > 0 } sha && !Sha256().IsMatch(sha))
            {
                context.AddError("sha256", "sha256 should match ^(|[a-f0-9]{64})$");
            }

            if (spec.ImagePullSecret is { Length: 0 })
            {
                context.AddError("imagePullSecret", "imagePullSecret should be at least 1 chars long");
            }

            if (spec.PluginName is { Length: 0 })
            {
                context.AddError("pluginName", "pluginName should be at least 1 chars long");
            }

            OneOf(spec.Phase, "phase", ["UNSPECIFIED_PHASE", "AUTHN", "AUTHZ", "STATS"], context);
            OneOf(spec.ImagePullPolicy, "imagePullPolicy", ["UNSPECIFIED_POLICY", "IfNotPresent", "Always"], context);
            OneOf(spec.FailStrategy, "failStrategy", ["FAIL_CLOSE", "FAIL_OPEN", "FAIL_RELOAD"], context);
            OneOf(spec.Type, "type", ["UNSPECIFIED_PLUGIN_TYPE", "HTTP", "NETWORK"], context);
            CheckEnv(spec.VmConfig?.Env, context);
            for (var i = 0; i < (spec.Match?.Count ?? 0); i++)
            {
                var match = spec.Match![i];
                OneOf(match?.Mode, $"match[{i}].mode", ["UNDEFINED", "CLIENT", "SERVER", "CLIENT_AND_SERVER"], context);
                for (var p = 0; p < (match?.Ports?.Count ?? 0); p++)
                {
                    if (match!.Ports![p]?.Number is not { } number)
                    {
                        context.AddError($"match[{i}].ports[{p}].number", "Required value: a port number is needed");
                    }
                    else if (number is < 1 or > 65535)
                    {
                        context.AddError($"match[{i}].ports[{p}].number", "port must be between 1-65535");
                    }
                }
            }
        });
    }

    private static void CheckEnv(IReadOnlyList<WasmEnvVar>? env, ValidationContext<WasmPluginSpec> context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (env?.Count ?? 0); i++)
        {
            var variable = env![i];
            var path = $"vmConfig.env[{i}]";
            if (variable is null)
            {
                context.AddError(path, "must be of type object");
                continue;
            }

            if (string.IsNullOrEmpty(variable.Name))
            {
                context.AddError($"{path}.name", "name should be at least 1 chars long");
            }
            else if (!seen.Add(variable.Name))
            {
                context.AddError($"{path}.name", $"Duplicate value: \"{variable.Name}\"");
            }

            OneOf(variable.ValueFrom, $"{path}.valueFrom", ["INLINE", "HOST"], context);
            if (variable.ValueFrom == "HOST" && variable.Value is not null)
            {
                context.AddError($"{path}.value", "value may only be set when valueFrom is INLINE");
            }
        }
    }

    private static void OneOf(string? value, string path, string[] allowed, ValidationContext<WasmPluginSpec> context)
    {
        if (value is not null && !allowed.Contains(value))
        {
            context.AddError(path, $"Unsupported value: \"{value}\" (one of {string.Join(", ", allowed)})");
        }
    }

    private static string? UrlProblem(string url)
    {
        // A reference without a scheme ("registry/image:tag") is an OCI image, as in Istio.
        var full = url.Contains("://", StringComparison.Ordinal) ? url : "oci://" + url;
        if (BadEscape().IsMatch(full) || !Uri.TryCreate(full, UriKind.Absolute, out var parsed))
        {
            return $"\"{url}\" is not a valid URL";
        }

        return Schemes.Contains(parsed.Scheme) ? null : $"url must have schema one of [{string.Join(", ", Schemes)}], got {parsed.Scheme}";
    }

    [GeneratedRegex("^[a-f0-9]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256();

    [GeneratedRegex("%(?![0-9A-Fa-f]{2})", RegexOptions.CultureInvariant)]
    private static partial Regex BadEscape();
}
