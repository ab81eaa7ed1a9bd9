using System.Text.Json.Nodes;

namespace Istiod.Net.Config.Parsing;

/// <summary>One document of a source file as JSON nodes, with its 0-based index and the line it starts on.</summary>
internal sealed record SourceDocument(int Index, JsonNode? Root, int Line, NodeLines Lines);
