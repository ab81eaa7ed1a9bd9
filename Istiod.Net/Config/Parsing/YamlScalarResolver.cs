using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Istiod.Net.Config.Parsing;

/// <summary>
/// Types plain (unquoted) YAML scalars by the YAML 1.2 core schema: null, bool, int (decimal, 0o octal,
/// 0x hex) and float. Everything else, and every quoted scalar, is a string. YAML 1.1 spellings such as
/// <c>yes</c>/<c>on</c> stay strings, as the 1.2 core schema says.
/// </summary>
internal static partial class YamlScalarResolver
{
    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    public static JsonNode? Resolve(string value, bool plain, string? tag)
    {
        if (tag is { Length: > 0 } && tag != "?")
        {
            return ResolveTagged(value, tag);
        }

        return plain ? ResolvePlain(value) : JsonValue.Create(value);
    }

    private static JsonNode? ResolveTagged(string value, string tag) => tag switch
    {
        CoreTagPrefix + "str" or "!" => JsonValue.Create(value),
        CoreTagPrefix + "null" => null,
        CoreTagPrefix + "bool" or CoreTagPrefix + "int" or CoreTagPrefix + "float" => ResolvePlain(value),
        // Unknown local tags carry no meaning for config; the scalar keeps its text.
        _ => JsonValue.Create(value),
    };

    private static JsonNode? ResolvePlain(string value)
    {
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (DecimalInt().IsMatch(value))
        {
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                return JsonValue.Create(l);
            }

            if (ulong.TryParse(value.TrimStart('+'), NumberStyles.None, CultureInfo.InvariantCulture, out var ul))
            {
                return JsonValue.Create(ul);
            }

            return decimal.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big)
                ? JsonValue.Create(big)
                : JsonValue.Create(double.Parse(value, CultureInfo.InvariantCulture));
        }

        if (value.StartsWith("0o", StringComparison.Ordinal) && OctalInt().IsMatch(value))
        {
            return TryBase(value[2..], 8) is { } octal ? JsonValue.Create(octal) : JsonValue.Create(value);
        }

        if (value.StartsWith("0x", StringComparison.Ordinal) && HexInt().IsMatch(value))
        {
            return TryBase(value[2..], 16) is { } hex ? JsonValue.Create(hex) : JsonValue.Create(value);
        }

        if (Float().IsMatch(value)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && double.IsFinite(d))
        {
            return JsonValue.Create(d);
        }

        // .inf and .nan are floats in YAML but cannot be written as JSON numbers; no config field wants
        // them, so they stay text and a numeric field reports a clear type error.
        return JsonValue.Create(value);
    }

    private static long? TryBase(string digits, int radix)
    {
        try
        {
            return Convert.ToInt64(digits, radix) is var n && n >= 0 ? n : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInt();

    [GeneratedRegex("^0o[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OctalInt();

    [GeneratedRegex("^0x[0-9a-fA-F]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HexInt();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();
}
