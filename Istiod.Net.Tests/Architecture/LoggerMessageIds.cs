using System.Text;
using System.Text.RegularExpressions;

namespace Istiod.Net.Tests.Architecture;

/// <summary>
/// Reads the event ids of the <c>[LoggerMessage(...)]</c> attributes of a C# source text: the first positional
/// argument or a named <c>EventId = n</c> (<c>eventId: n</c>); null for an attribute without one. Comments and
/// string literals are skipped, so a message text that looks like an attribute is not one.
/// </summary>
internal static partial class LoggerMessageIds
{
    private const string Attribute = "[LoggerMessage(";

    public static IReadOnlyList<int?> Read(string source)
    {
        var ids = new List<int?>();
        var i = 0;
        while (i < source.Length)
        {
            if (Skip(source, i) is { } next)
            {
                i = next;
            }
            else if (string.CompareOrdinal(source, i, Attribute, 0, Attribute.Length) == 0)
            {
                i = ReadArguments(source, i + Attribute.Length, out var arguments);
                ids.Add(IdOf(arguments));
            }
            else
            {
                i++;
            }
        }

        return ids;
    }

    private static int? IdOf(IReadOnlyList<string> arguments)
    {
        if (arguments.Count > 0 && int.TryParse(arguments[0], out var positional))
        {
            return positional;
        }

        foreach (var argument in arguments)
        {
            if (Named().Match(argument) is { Success: true } named)
            {
                return int.Parse(named.Groups[1].Value);
            }
        }

        return null;
    }

    /// <summary>The top-level arguments up to the closing parenthesis; returns the index after it.</summary>
    private static int ReadArguments(string source, int start, out IReadOnlyList<string> arguments)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var depth = 1;
        var i = start;
        while (i < source.Length)
        {
            if (Skip(source, i) is { } next)
            {
                current.Append('_'); // the literal's text never counts, only that there was one
                i = next;
                continue;
            }

            var c = source[i++];
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                break;
            }
            else if (c == ',' && depth == 1)
            {
                result.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        result.Add(current.ToString().Trim());
        arguments = result;
        return i;
    }

    /// <summary>The index after a comment or a string or char literal starting at <paramref name="i"/>, or null.</summary>
    private static int? Skip(string s, int i)
    {
        var c = s[i];
        if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
        {
            var end = s.IndexOf('\n', i);
            return end < 0 ? s.Length : end + 1;
        }

        if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
        {
            var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
            return end < 0 ? s.Length : end + 2;
        }

        if (c == '\'')
        {
            var j = i + 1;
            while (j < s.Length && s[j] != '\'' && s[j] != '\n')
            {
                j += s[j] == '\\' ? 2 : 1;
            }

            return Math.Min(j + 1, s.Length);
        }

        if (c != '"')
        {
            return null;
        }

        var quotes = 0;
        while (i + quotes < s.Length && s[i + quotes] == '"')
        {
            quotes++;
        }

        if (quotes >= 3)
        {
            // Raw string: ends at the same run of quotes.
            var end = s.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
            return end < 0 ? s.Length : end + quotes;
        }

        var verbatim = (i > 0 && s[i - 1] == '@') || (i > 1 && s[i - 1] == '$' && s[i - 2] == '@');
        var k = i + 1;
        while (k < s.Length)
        {
            if (verbatim && s[k] == '"')
            {
                if (k + 1 < s.Length && s[k + 1] == '"')
                {
                    k += 2;
                    continue;
                }

                return k + 1;
            }

            if (!verbatim && s[k] == '\\')
            {
                k += 2;
                continue;
            }

            if (!verbatim && (s[k] == '"' || s[k] == '\n'))
            {
                return k + 1;
            }

            k++;
        }

        return s.Length;
    }

    [GeneratedRegex(@"^(?:EventId\s*=|eventId\s*:)\s*(\d+)$")]
    private static partial Regex Named();
}
