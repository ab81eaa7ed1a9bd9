using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Istiod.Net.Config.Validation;

namespace Istiod.Net.Config.Parsing;

/// <summary>
/// Compares a spec's JSON with the shape of its record before deserializing, and reports every unknown
/// field and wrong type with its field path. System.Text.Json stops at the first problem; a user fixing
/// a file wants all of them at once.
/// </summary>
internal sealed class SpecShapeChecker
{
    private readonly JsonSerializerOptions _options;
    private readonly NodeLines _lines;
    private readonly List<ValidationMessage> _errors = [];

    private SpecShapeChecker(JsonSerializerOptions options, NodeLines lines)
    {
        _options = options;
        _lines = lines;
    }

    public static IReadOnlyList<ValidationMessage> Check(JsonNode? node, Type type, string path, JsonSerializerOptions options, NodeLines lines)
    {
        var checker = new SpecShapeChecker(options, lines);
        checker.Visit(node, type, path);
        return checker._errors;
    }

    private void Visit(JsonNode? node, Type type, string path)
    {
        // null means "unset" in Istio's JSON, for every field.
        if (node is null)
        {
            return;
        }

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var info = _options.GetTypeInfo(underlying);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                VisitObject(node, info, path);
                break;
            case JsonTypeInfoKind.Enumerable:
                if (node is not JsonArray array)
                {
                    Fail(node, path, "a list");
                    return;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    Visit(array[i], info.ElementType!, $"{path}[{i}]");
                }

                break;
            case JsonTypeInfoKind.Dictionary:
                if (node is not JsonObject map)
                {
                    Fail(node, path, "a map");
                    return;
                }

                foreach (var (key, value) in map)
                {
                    Visit(value, info.ElementType!, $"{path}[{key}]");
                }

                break;
            default:
                VisitScalar(node, underlying, path);
                break;
        }
    }

    private void VisitObject(JsonNode node, JsonTypeInfo info, string path)
    {
        if (node is not JsonObject obj)
        {
            Fail(node, path, "an object");
            return;
        }

        foreach (var (name, value) in obj)
        {
            var property = info.Properties.FirstOrDefault(p => p.Name == name);
            var fieldPath = $"{path}.{name}";
            if (property is null)
            {
                var near = info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                var hint = near is null ? string.Empty : $"; did you mean \"{near.Name}\"?";
                _errors.Add(new ValidationMessage(fieldPath, $"unknown field \"{name}\"{hint}{LineSuffix(value ?? obj)}"));
                continue;
            }

            Visit(value, property.PropertyType, fieldPath);
        }
    }

    private void VisitScalar(JsonNode node, Type type, string path)
    {
        var kind = node.GetValueKind();
        if (type == typeof(string))
        {
            if (kind != JsonValueKind.String)
            {
                Fail(node, path, "a string");
            }
        }
        else if (type == typeof(bool))
        {
            if (kind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Fail(node, path, "a boolean (true or false)");
            }
        }
        else if (type.IsEnum)
        {
            var names = EnumNames(type);
            if (kind != JsonValueKind.String || !names.Contains(node.GetValue<string>()))
            {
                Fail(node, path, $"one of {string.Join(", ", names)}");
            }
        }
        else if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            if (kind != JsonValueKind.Number)
            {
                Fail(node, path, "a number");
            }
        }
        else if (IntegerRange(type) is var (min, max, description))
        {
            if (kind != JsonValueKind.Number
                || !decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                || n != decimal.Truncate(n)
                || n < min
                || n > max)
            {
                Fail(node, path, description);
            }
        }

        // Any other scalar type is left to System.Text.Json, whose error is mapped afterwards.
    }

    private void Fail(JsonNode node, string path, string expected) =>
        _errors.Add(new ValidationMessage(path, $"expected {expected}, got {Describe(node)}{LineSuffix(node)}"));

    private string LineSuffix(JsonNode? node) => _lines.LineOf(node) is { } line ? $" (line {line})" : string.Empty;

    internal static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "a list",
        JsonObject => "a map",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => $"string \"{Shorten(node.GetValue<string>())}\"",
            JsonValueKind.Number => $"number {node.ToJsonString()}",
            JsonValueKind.True or JsonValueKind.False => $"boolean {node.ToJsonString()}",
            _ => node.ToJsonString(),
        },
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static (decimal Min, decimal Max, string Description)? IntegerRange(Type type) =>
        type == typeof(int) ? (int.MinValue, int.MaxValue, "an integer")
        : type == typeof(uint) ? (uint.MinValue, uint.MaxValue, "a non-negative integer")
        : type == typeof(long) ? (long.MinValue, long.MaxValue, "an integer")
        : type == typeof(ulong) ? (ulong.MinValue, ulong.MaxValue, "a non-negative integer")
        : null;

    private static IReadOnlyList<string> EnumNames(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name)
            .ToArray();
}
