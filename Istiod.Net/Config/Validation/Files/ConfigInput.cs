namespace Istiod.Net.Config.Validation.Files;

/// <summary>One source of YAML or JSON text for the offline tools: a file, or standard input named "-".</summary>
public sealed record ConfigInput(string Source, string Text);
