using Istiod.Net.Config.Parsing;

namespace Istiod.Net.Config.Validation.Files;

/// <summary>
/// Expands the <c>-f FILE|DIR|-</c> arguments of <c>validate</c> and <c>analyze</c> into texts to parse.
/// A folder is read recursively in ordinal path order so reports are stable from run to run.
/// </summary>
public static class ConfigInputReader
{
    /// <summary>Reads every input, or returns a usage problem (missing path, unreadable file) and nothing else.</summary>
    public static (IReadOnlyList<ConfigInput> Inputs, string? Problem) Read(IEnumerable<string> paths, TextReader stdin)
    {
        var inputs = new List<ConfigInput>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                inputs.Add(new ConfigInput("-", stdin.ReadToEnd()));
                continue;
            }

            IEnumerable<string> files;
            if (Directory.Exists(path))
            {
                files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => ConfigParser.Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal);
            }
            else if (File.Exists(path))
            {
                files = [path];
            }
            else
            {
                return ([], $"{path}: no such file or folder");
            }

            foreach (var file in files)
            {
                try
                {
                    inputs.Add(new ConfigInput(file, ConfigParser.DecodeText(File.ReadAllBytes(file))));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return ([], $"{file}: cannot read: {e.Message}");
                }
            }
        }

        return (inputs, null);
    }

    /// <summary>Parses and validates every input. "-" is read as YAML (which also accepts JSON).</summary>
    public static IReadOnlyList<ParseResult> Parse(ConfigParser parser, IReadOnlyList<ConfigInput> inputs) =>
        inputs.SelectMany(i => parser.ParseText(i.Text, i.Source)).ToArray();
}
