using System.Text;
using System.Text.Json.Nodes;
using Istiod.Net.Config.Schema;
using Istiod.Net.Config.Validation;

namespace Istiod.Net.Config.Parsing;

/// <summary>
/// The entry point for reading config: YAML (many documents, <c>kind: List</c>) or JSON text, files,
/// or single objects already in JSON (from the Kubernetes API). Never throws for bad input: every
/// document becomes a <see cref="ParseResult"/>, accepted or with all its errors.
/// </summary>
public sealed class ConfigParser
{
    private readonly ConfigDocumentReader _reader;

    public ConfigParser(ConfigSchemaSet? schemas = null, ConfigParserOptions? options = null)
    {
        Schemas = schemas ?? ConfigSchemas.Istio;
        Options = options ?? new ConfigParserOptions();
        _reader = new ConfigDocumentReader(Schemas, Options);
    }

    public ConfigSchemaSet Schemas { get; }

    public ConfigParserOptions Options { get; }

    /// <summary>File extensions the parser reads; the folder source watches exactly these.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".yaml", ".yml", ".json"];

    /// <summary>Parses YAML text with any number of documents. <paramref name="source"/> names it in errors.</summary>
    public IReadOnlyList<ParseResult> ParseYaml(string text, string source) => Parse(YamlJsonReader.Read(text), source);

    /// <summary>Parses JSON text holding one object (possibly a List).</summary>
    public IReadOnlyList<ParseResult> ParseJson(string text, string source) => Parse(JsonSourceReader.Read(text), source);

    /// <summary>Parses text as JSON when the source name ends in .json, as YAML otherwise.</summary>
    public IReadOnlyList<ParseResult> ParseText(string text, string source) =>
        source.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ParseJson(text, source) : ParseYaml(text, source);

    /// <summary>Reads and parses a file. An I/O error is one <see cref="ParseOutcome.Unreadable"/> result.</summary>
    public IReadOnlyList<ParseResult> ParseFile(string path)
    {
        string text;
        try
        {
            text = DecodeText(System.IO.File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [Unreadable(path, 0, $"cannot read file: {e.Message}")];
        }

        return ParseText(text, path);
    }

    /// <summary>Parses one object already in JSON form, e.g. from a Kubernetes watch or an admission review.</summary>
    public ParseResult ParseObject(JsonNode? node, string source, int documentIndex = 0) =>
        _reader.ReadObject(node, source, documentIndex, null, NodeLines.None);

    /// <summary>Decodes file bytes as UTF-8 (with or without BOM); invalid bytes become U+FFFD and then a parse error.</summary>
    public static string DecodeText(byte[] bytes) =>
        bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3) : Encoding.UTF8.GetString(bytes);

    private IReadOnlyList<ParseResult> Parse(SourceText text, string source)
    {
        if (text.Error is { } error)
        {
            // Documents before the error did parse, but the boundaries after a syntax error are not
            // trustworthy, so the whole source is refused and its last good objects stay in force.
            return [Unreadable(source, error.DocumentIndex, error.ToString())];
        }

        var results = new List<ParseResult>();
        foreach (var document in text.Documents)
        {
            // Empty documents (a stray "---", a file of comments) are not config; kubectl skips them too.
            if (document.Root is null)
            {
                continue;
            }

            _reader.Read(document.Root, source, document.Index, document.Lines, results);
        }

        return results;
    }

    private static ParseResult Unreadable(string source, int documentIndex, string message) => new()
    {
        Source = source,
        DocumentIndex = documentIndex,
        Outcome = ParseOutcome.Unreadable,
        Errors = [new ValidationMessage(string.Empty, message)],
    };
}
