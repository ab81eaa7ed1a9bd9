using System.Text;
using System.Text.RegularExpressions;

namespace Istiod.Net.Config.Validation.Conformance;

/// <summary>
/// Splits Istio's <c>&lt;kind&gt;-valid.yaml</c> / <c>&lt;kind&gt;-invalid.yaml</c> files into cases. The
/// <c>_err:</c> key is test metadata, not part of the resource, so its line is cut out before parsing.
/// </summary>
public static partial class ConformanceCaseReader
{
    public static IReadOnlyList<ConformanceCase> Read(string file, string text)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var expectValid = name.EndsWith("-valid", StringComparison.Ordinal);
        var cases = new List<ConformanceCase>();
        var index = 0;
        foreach (var document in DocumentSeparator().Split(text.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            string? error = null;
            var yaml = new StringBuilder();
            foreach (var line in document.Split('\n'))
            {
                if (line.StartsWith("_err:", StringComparison.Ordinal))
                {
                    error = Unquote(line["_err:".Length..].Trim());
                    continue;
                }

                yaml.Append(line).Append('\n');
            }

            var body = yaml.ToString();
            if (body.Split('\n').All(l => l.Trim().Length == 0 || l.TrimStart().StartsWith('#')))
            {
                index++;
                continue;
            }

            cases.Add(new ConformanceCase(file, index, body, expectValid, error, error is null ? null : PathOf(error)));
            index++;
        }

        return cases;
    }

    /// <summary>The field path an Istio message starts with (<c>spec.ports: Invalid value</c>, <c>spec.url in body ...</c>), if any.</summary>
    public static string? PathOf(string message)
    {
        var match = LeadingPath().Match(message);
        return match.Success ? match.Groups["path"].Value : null;
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && (text[0] == '"' || text[0] == '\'') && text[^1] == text[0] ? text[1..^1] : text;

    [GeneratedRegex(@"^---[ \t]*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DocumentSeparator();

    [GeneratedRegex(@"^(?<path>spec(\.[A-Za-z0-9_]+|\[[0-9]+\])*)(:| in body)", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingPath();
}
