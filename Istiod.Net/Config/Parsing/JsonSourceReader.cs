using System.Text.Json;
using System.Text.Json.Nodes;

namespace Istiod.Net.Config.Parsing;

/// <summary>Reads a .json config file: one object (which may be a <c>kind: List</c>).</summary>
internal static class JsonSourceReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 128,
    };

    public static SourceText Read(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SourceText([], null);
        }

        try
        {
            var root = JsonNode.Parse(text, documentOptions: DocumentOptions);
            return new SourceText([new SourceDocument(0, root, 1, NodeLines.None)], null);
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = (int)(e.BytePositionInLine ?? 0) + 1;
            return new SourceText([], new SourceSyntaxError(0, line, column, Describe(e)));
        }
    }

    // System.Text.Json appends "Path: $ | LineNumber: 0 | BytePositionInLine: 3." to its messages;
    // the position is reported separately, so only the reason is kept.
    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        return (cut > 0 ? message[..cut] : message).Trim();
    }
}
