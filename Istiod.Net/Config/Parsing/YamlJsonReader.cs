using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Istiod.Net.Config.Parsing;

/// <summary>
/// Reads multi-document YAML into System.Text.Json nodes, keeping the line of every node. Works on the
/// parser's event stream rather than YamlDotNet's object model so scalars can be typed by the YAML 1.2
/// core schema (see <see cref="YamlScalarResolver"/>) and quoted scalars always stay strings.
/// </summary>
internal sealed partial class YamlJsonReader
{
    // Guards against alias bombs ("billion laughs") and runaway nesting; real config is far below both.
    private const int MaxNodes = 1_000_000;
    private const int MaxDepth = 128;

    /// <summary>
    /// The most text (scalars and keys, in UTF-8 bytes) one file may expand to. The node limit alone lets
    /// one large scalar behind many aliases through (1 MB anchor, 500 aliases: 500 MB of JSON), so the
    /// expanded size is budgeted too; an honest file is never near it, since its text is at most its size.
    /// </summary>
    public const long DefaultMaxExpandedBytes = 64L * 1024 * 1024;

    private readonly IParser _parser;
    private readonly Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);
    private readonly long _maxExpandedBytes;
    private NodeLines _lines = NodeLines.None;
    private int _nodes;
    private int _aliasNodes;
    private long _bytes;
    private long _aliasBytes;
    private int _document;

    private readonly string _text;

    private YamlJsonReader(string text, long maxExpandedBytes)
    {
        _text = text;
        _maxExpandedBytes = maxExpandedBytes;
        _parser = new Parser(new StringReader(text));
    }

    public static SourceText Read(string text) => Read(text, DefaultMaxExpandedBytes);

    internal static SourceText Read(string text, long maxExpandedBytes) => new YamlJsonReader(text, maxExpandedBytes).ReadAll();

    private SourceText ReadAll()
    {
        var documents = new List<SourceDocument>();
        try
        {
            _parser.Consume<StreamStart>();
            while (_parser.TryConsume<DocumentStart>(out var start))
            {
                _anchors.Clear();
                _lines = new NodeLines();
                _document = documents.Count;
                var root = ReadNode(0);
                _parser.Consume<DocumentEnd>();
                documents.Add(new SourceDocument(documents.Count, root, LineOf(start.End), _lines));
            }

            _parser.Consume<StreamEnd>();
            return new SourceText(documents, null);
        }
        catch (YamlException e)
        {
            // For scanner errors Start is where the enclosing construct began and End is where the
            // problem is; the problem is what the user needs to find.
            var at = e.End.Line > 0 ? e.End : e.Start;
            var (line, column) = e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase)
                ? TabIndentation(LineOf(at)) ?? (LineOf(at), ColumnOf(at))
                : (LineOf(at), ColumnOf(at));
            return new SourceText(documents, new SourceSyntaxError(documents.Count, line, column, Describe(e)));
        }
        catch (InvalidDataException e)
        {
            var at = _parser.Current?.Start ?? Mark.Empty;
            return new SourceText(documents, new SourceSyntaxError(documents.Count, LineOf(at), ColumnOf(at), e.Message));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 16's scanner throws this instead of a YamlException for some malformed input,
            // e.g. a flow sequence left open at the end of a line inside a block sequence; the parser's
            // position is the best location there is.
            var at = _parser.Current?.Start ?? Mark.Empty;
            return new SourceText(documents, new SourceSyntaxError(documents.Count, LineOf(at), ColumnOf(at), "malformed YAML (an unclosed [ or { ?)"));
        }
    }

    private JsonNode? ReadNode(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error(_parser.Current!.Start, $"nesting deeper than {MaxDepth} levels");
        }

        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!_anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw Error(alias.Start, $"alias *{alias.Value.Value} refers to no anchor");
            }

            // Counted before copying, so a copy over budget is never made. A node has one parent in
            // System.Text.Json, so every use of an alias gets its own copy.
            CountAlias(target, alias.Start);
            return target?.DeepClone();
        }

        CountNode();
        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            CountBytes(scalar.Value, scalar.Start);
            var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.IsNonSpecific ? "!" : scalar.Tag.Value;
            var value = YamlScalarResolver.Resolve(scalar.Value, scalar.Style == ScalarStyle.Plain, tag);
            return Remember(scalar, value);
        }

        if (_parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var array = new JsonArray();
            Remember(sequenceStart, array);
            while (!_parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(depth + 1));
            }

            return array;
        }

        if (_parser.TryConsume<MappingStart>(out var mappingStart))
        {
            var map = new JsonObject();
            Remember(mappingStart, map);
            while (!_parser.TryConsume<MappingEnd>(out _))
            {
                var keyStart = _parser.Current!.Start;
                if (!_parser.TryConsume<Scalar>(out var key))
                {
                    throw Error(keyStart, "mapping keys must be plain values, not lists or maps");
                }

                CountBytes(key.Value, keyStart);

                if (map.ContainsKey(key.Value))
                {
                    throw Error(keyStart, $"key \"{key.Value}\" appears twice in one mapping");
                }

                var value = ReadNode(depth + 1);
                map[key.Value] = value;
            }

            return map;
        }

        throw Error(_parser.Current?.Start ?? Mark.Empty, $"unexpected {_parser.Current?.GetType().Name ?? "end of input"}");
    }

    private JsonNode? Remember(NodeEvent e, JsonNode? node)
    {
        if (node is not null)
        {
            _lines.Add(node, LineOf(e.Start));
        }

        if (!e.Anchor.IsEmpty)
        {
            _anchors[e.Anchor.Value] = node;
        }

        return node;
    }

    // A node written in the file. The message says what actually filled the budget: a large honest file
    // is told to split itself, not suspected of alias tricks.
    private void CountNode()
    {
        if (++_nodes > MaxNodes)
        {
            throw Error(_parser.Current?.Start ?? Mark.Empty, _aliasNodes > 0
                ? $"document {_document}: more than {MaxNodes} nodes in this file, {_aliasNodes} of them copies made by aliases"
                : $"document {_document}: more than {MaxNodes} nodes in this file; split it into smaller files");
        }
    }

    private void CountBytes(string text, Mark at) => AddBytes(Encoding.UTF8.GetByteCount(text), at, fromAlias: false);

    private void AddBytes(long bytes, Mark at, bool fromAlias)
    {
        _bytes += bytes;
        if (fromAlias)
        {
            _aliasBytes += bytes;
        }

        if (_bytes > _maxExpandedBytes)
        {
            throw Error(at, _aliasBytes > 0
                ? $"document {_document}: aliases expand this file to more than {Mib(_maxExpandedBytes)} of text ({Mib(_aliasBytes)} of it copied by aliases)"
                : $"document {_document}: more than {Mib(_maxExpandedBytes)} of text in this file; split it into smaller files");
        }
    }

    // The nodes and text one use of an alias adds, counted on the anchored node before it is copied.
    private void CountAlias(JsonNode? node, Mark at)
    {
        if (node is null)
        {
            return;
        }

        _nodes++;
        _aliasNodes++;
        if (_nodes > MaxNodes)
        {
            throw Error(at, $"document {_document}: aliases expand this file to more than {MaxNodes} nodes");
        }

        if (node is JsonValue scalar)
        {
            AddBytes(scalar.TryGetValue<string>(out var text) ? Encoding.UTF8.GetByteCount(text) : scalar.ToJsonString().Length, at, fromAlias: true);
        }

        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    CountAlias(item, at);
                }

                break;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    AddBytes(Encoding.UTF8.GetByteCount(key), at, fromAlias: true);
                    CountAlias(value, at);
                }

                break;
        }
    }

    private static string Mib(long bytes) => bytes switch
    {
        < 1024 * 1024 => $"{bytes} bytes",
        _ when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MiB",
    };

    // YamlDotNet reports a tab used as indentation at the start of the enclosing mapping; tabs are the
    // most common YAML mistake, so point at the first indented line that has one instead.
    private (int Line, int Column)? TabIndentation(int fromLine)
    {
        var lines = _text.Split('\n');
        for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indent);
            if (tab >= 0)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    private static YamlException Error(Mark at, string message) => new(at, at, message);

    private static int LineOf(Mark mark) => (int)Math.Max(1, mark.Line);

    private static int ColumnOf(Mark mark) => (int)Math.Max(1, mark.Column);

    // YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the position
    // is reported separately, so only the reason is kept.
    private static string Describe(YamlException e)
    {
        var message = PositionPrefix().Replace(e.Message, string.Empty).Trim();
        return message.Length == 0 ? "invalid YAML" : message;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex PositionPrefix();
}
