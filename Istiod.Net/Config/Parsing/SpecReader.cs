using System.Text.Json;
using System.Text.Json.Nodes;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Validation;

namespace Istiod.Net.Config.Parsing;

/// <summary>Turns a spec's JSON into its record, or into every error found, with Istio-form field paths.</summary>
internal static class SpecReader
{
    public const string SpecPath = "spec";

    public static (object? Spec, IReadOnlyList<ValidationMessage> Errors) Read(JsonNode? spec, Type specType, NodeLines lines)
    {
        var errors = SpecShapeChecker.Check(spec, specType, SpecPath, ConfigJson.Options, lines);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        try
        {
            var value = JsonSerializer.Deserialize(spec ?? new JsonObject(), specType, ConfigJson.Options);
            return value is null
                ? (null, [new ValidationMessage(SpecPath, "expected an object, got null")])
                : (value, []);
        }
        catch (JsonException e)
        {
            // The shape check should have caught it; this is the backstop for anything it does not model.
            return (null, [new ValidationMessage(ToIstioPath(e.Path), Describe(e))]);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException or FormatException or OverflowException)
        {
            return (null, [new ValidationMessage(SpecPath, e.Message)]);
        }
    }

    /// <summary>Maps System.Text.Json's <c>$.http[0].route[1].weight</c> to Istio's <c>spec.http[0].route[1].weight</c>.</summary>
    public static string ToIstioPath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return SpecPath;
        }

        var rest = jsonPath.StartsWith('$') ? jsonPath[1..] : jsonPath;
        rest = rest.Replace("['", "[", StringComparison.Ordinal).Replace("']", "]", StringComparison.Ordinal);
        return rest.StartsWith('.') || rest.StartsWith('[') ? SpecPath + rest : $"{SpecPath}.{rest}";
    }

    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }
}
