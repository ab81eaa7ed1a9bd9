using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Schema;
using Istiod.Net.Config.Validation;

namespace Istiod.Net.Config.Parsing;

/// <summary>
/// Reads one Kubernetes-form document (apiVersion, kind, metadata, spec) that is already JSON nodes:
/// finds its schema row, reads metadata, deserializes and validates the spec. A <c>kind: List</c>
/// expands to one result per item.
/// </summary>
internal sealed partial class ConfigDocumentReader(ConfigSchemaSet schemas, ConfigParserOptions options)
{
    // Fields Kubernetes puts at the top level that carry nothing for us; anything else is reported.
    private static readonly HashSet<string> KnownTopLevel = ["apiVersion", "kind", "metadata", "spec", "status"];

    public void Read(JsonNode? root, string source, int documentIndex, NodeLines lines, List<ParseResult> results)
    {
        if (root is JsonObject obj && IsList(obj, out var items))
        {
            for (var i = 0; i < items.Count; i++)
            {
                results.Add(ReadObject(items[i], source, documentIndex, i, lines));
            }

            return;
        }

        results.Add(ReadObject(root, source, documentIndex, null, lines));
    }

    public ParseResult ReadObject(JsonNode? root, string source, int documentIndex, int? itemIndex, NodeLines lines)
    {
        var result = new ParseResult { Source = source, DocumentIndex = documentIndex, ItemIndex = itemIndex, Outcome = ParseOutcome.Invalid };
        if (root is not JsonObject doc)
        {
            return result with { Errors = [new ValidationMessage(string.Empty, $"expected a mapping with apiVersion, kind, metadata and spec, got {SpecShapeChecker.Describe(root)}")] };
        }

        var errors = new List<ValidationMessage>();
        var warnings = new List<ValidationMessage>();
        var apiVersion = RequiredString(doc, "apiVersion", errors);
        var kindName = RequiredString(doc, "kind", errors);
        result = result with { ApiVersion = apiVersion, Kind = kindName };

        var meta = ReadMeta(doc["metadata"], errors, lines, out var ns, out var name);
        result = result with { Namespace = ns, Name = name };

        if (apiVersion is null || kindName is null)
        {
            return result with { Errors = errors };
        }

        var kind = schemas.Find(apiVersion, kindName);
        if (kind is null)
        {
            var known = schemas.FindByKind(kindName);
            var hint = known is null
                ? string.Empty
                : $" ({known.Kind} is accepted as {string.Join(", ", known.Versions.Select(v => $"{known.Group}/{v}"))})";
            return result with
            {
                Outcome = ParseOutcome.Skipped,
                Warnings = [new ValidationMessage(string.Empty, $"unknown kind {kindName} (apiVersion {apiVersion}); skipped{hint}")],
            };
        }

        foreach (var (field, value) in doc)
        {
            if (!KnownTopLevel.Contains(field))
            {
                warnings.Add(new ValidationMessage(field, $"unknown top-level field \"{field}\"; ignored{LineSuffix(lines, value ?? doc)}"));
            }
        }

        var specNode = doc["spec"];
        var (spec, specErrors) = SpecReader.Read(specNode, kind.SpecType, lines);
        errors.AddRange(specErrors);
        if (errors.Count > 0 || spec is null || meta is null)
        {
            return result with { Errors = errors, Warnings = warnings };
        }

        var config = new ConfigObject(kind.Kind, meta, spec);
        if (options.Validate)
        {
            var validation = kind.Validator.Validate(config);
            warnings.AddRange(validation.Warnings);
            if (!validation.IsValid)
            {
                return result with { Errors = validation.Errors, Warnings = warnings };
            }
        }

        return result with { Outcome = ParseOutcome.Accepted, Config = config, Warnings = warnings };
    }

    private static bool IsList(JsonObject doc, out JsonArray items)
    {
        items = null!;
        // `kubectl get ... -o yaml` writes `kind: List`; the API server's typed lists end in "List".
        if (doc["kind"] is JsonValue kind
            && kind.GetValueKind() == JsonValueKind.String
            && kind.GetValue<string>().EndsWith("List", StringComparison.Ordinal)
            && doc["items"] is JsonArray array)
        {
            items = array;
            return true;
        }

        return false;
    }

    private ConfigMeta? ReadMeta(JsonNode? node, List<ValidationMessage> errors, NodeLines lines, out string ns, out string? name)
    {
        ns = options.DefaultNamespace;
        name = null;
        if (node is not JsonObject metadata)
        {
            errors.Add(new ValidationMessage("metadata", node is null ? "required" : $"expected a map, got {SpecShapeChecker.Describe(node)}"));
            return null;
        }

        var errorsBefore = errors.Count;
        name = OptionalString(metadata, "name", "metadata.name", errors, lines);
        if (string.IsNullOrEmpty(name))
        {
            name = null;
            if (!errors.Any(e => e.Path == "metadata.name"))
            {
                errors.Add(new ValidationMessage("metadata.name", "required"));
            }
        }
        else if (name.Length > 253 || !Dns1123Subdomain().IsMatch(name))
        {
            errors.Add(new ValidationMessage("metadata.name", $"\"{name}\" is not a valid name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters"));
        }

        var givenNamespace = OptionalString(metadata, "namespace", "metadata.namespace", errors, lines);
        if (!string.IsNullOrEmpty(givenNamespace))
        {
            ns = givenNamespace;
            if (ns.Length > 63 || !Dns1123Label().IsMatch(ns))
            {
                errors.Add(new ValidationMessage("metadata.namespace", $"\"{ns}\" is not a valid namespace: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters"));
            }
        }

        var labels = StringMap(metadata, "labels", errors, lines);
        var annotations = StringMap(metadata, "annotations", errors, lines);
        if (errors.Count > errorsBefore || string.IsNullOrEmpty(name))
        {
            return null;
        }

        return new ConfigMeta
        {
            Name = name,
            Namespace = ns,
            Labels = labels,
            Annotations = annotations,
            // Server-set bookkeeping: read when well-formed, never a reason to reject a document.
            ResourceVersion = metadata["resourceVersion"] is JsonValue rv && rv.GetValueKind() == JsonValueKind.String ? rv.GetValue<string>() : null,
            Generation = metadata["generation"] is JsonValue g && g.GetValueKind() == JsonValueKind.Number && long.TryParse(g.ToJsonString(), CultureInfo.InvariantCulture, out var gen) ? gen : 0,
            CreationTimestamp = metadata["creationTimestamp"] is JsonValue ts && ts.GetValueKind() == JsonValueKind.String
                && DateTimeOffset.TryParse(ts.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
                ? created
                : null,
        };
    }

    private static string? RequiredString(JsonObject doc, string field, List<ValidationMessage> errors)
    {
        var node = doc[field];
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > 0)
        {
            return value.GetValue<string>();
        }

        errors.Add(new ValidationMessage(field, node is null ? "required" : $"expected a non-empty string, got {SpecShapeChecker.Describe(node)}"));
        return null;
    }

    private static string? OptionalString(JsonObject obj, string field, string path, List<ValidationMessage> errors, NodeLines lines)
    {
        var node = obj[field];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        errors.Add(new ValidationMessage(path, $"expected a string, got {SpecShapeChecker.Describe(node)}{LineSuffix(lines, node)}"));
        return null;
    }

    private static IReadOnlyDictionary<string, string> StringMap(JsonObject metadata, string field, List<ValidationMessage> errors, NodeLines lines)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (metadata[field])
        {
            case null:
                break;
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    // Kubernetes keeps label values as strings: `version: 1` unquoted is an int and is refused there too.
                    if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                    {
                        result[key] = v.GetValue<string>();
                    }
                    else
                    {
                        errors.Add(new ValidationMessage($"metadata.{field}[{key}]", $"expected a string, got {SpecShapeChecker.Describe(value)}{LineSuffix(lines, value ?? map)} (quote it)"));
                    }
                }

                break;
            case var other:
                errors.Add(new ValidationMessage($"metadata.{field}", $"expected a map, got {SpecShapeChecker.Describe(other)}"));
                break;
        }

        return result;
    }

    private static string LineSuffix(NodeLines lines, JsonNode? node) => lines.LineOf(node) is { } line ? $" (line {line})" : string.Empty;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Label();
}
