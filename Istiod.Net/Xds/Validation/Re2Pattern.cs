using System.Text;
using System.Text.RegularExpressions;

namespace Istiod.Net.Xds.Validation;

/// <summary>
/// Runs an RE2 pattern (the dialect of <c>string.pattern</c>) on .NET's engine. The two differ in ways that
/// change answers, so the pattern is rewritten first: <c>$</c> means end of text in RE2 (not "before a
/// final newline"), <c>\d \w \s</c> are ASCII only, and RE2 spells some things .NET does not know
/// (<c>(?P&lt;name&gt;</c>, <c>\pL</c>, <c>[[:alpha:]]</c>, <c>\Q...\E</c>). The non-backtracking engine keeps
/// RE2's linear time. Constructs with no .NET meaning throw <see cref="ArgumentException"/>.
/// </summary>
internal static class Re2Pattern
{
    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z",
        ["alpha"] = "A-Za-z",
        ["ascii"] = @"\x00-\x7F",
        ["blank"] = @"\t ",
        ["cntrl"] = @"\x00-\x1F\x7F",
        ["digit"] = "0-9",
        ["graph"] = "!-~",
        ["lower"] = "a-z",
        ["print"] = " -~",
        ["punct"] = @"!-/:-@\[-`{-~",
        ["space"] = @"\t\n\v\f\r ",
        ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_",
        ["xdigit"] = "0-9A-Fa-f",
    };

    public static Regex Compile(string pattern)
    {
        var translated = Translate(pattern);
        try
        {
            return new Regex(translated, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            // Rare constructs the linear engine lacks: a bounded backtracking run instead.
            return new Regex(translated, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
    }

    public static string Translate(string pattern)
    {
        var multiline = Regex.IsMatch(pattern, @"\(\?[a-zA-Z]*m");
        var result = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    throw new ArgumentException($"pattern '{pattern}' ends with a lone backslash");
                }

                i = Escape(pattern, i, inClass, result);
                continue;
            }

            if (inClass)
            {
                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    var end = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    var name = end > 0 ? pattern[(i + 2)..end] : "";
                    if (!PosixClasses.TryGetValue(name, out var members))
                    {
                        throw new ArgumentException($"pattern '{pattern}': class [:{name}:] is not supported");
                    }

                    result.Append(members);
                    i = end + 1;
                    continue;
                }

                if (c == '[')
                {
                    // A literal '[' inside a class: .NET would read "[" followed by "-" as class subtraction.
                    result.Append(@"\[");
                    continue;
                }

                if (c == ']')
                {
                    inClass = false;
                }

                result.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    result.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        result.Append('^');
                        i++;
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        // "[]a]" and "[^]a]": a leading ']' is a member in RE2.
                        result.Append(@"\]");
                        i++;
                    }

                    break;
                case '$':
                    result.Append(multiline ? "$" : @"\z");
                    break;
                case '(' when pattern.AsSpan(i).StartsWith("(?P<"):
                    result.Append("(?<");
                    i += 3;
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        if (inClass)
        {
            throw new ArgumentException($"pattern '{pattern}' has an unclosed character class");
        }

        return result.ToString();
    }

    /// <summary>Appends the translation of the escape at <paramref name="i"/>; returns the index of its last character.</summary>
    private static int Escape(string pattern, int i, bool inClass, StringBuilder result)
    {
        var next = pattern[i + 1];
        switch (next)
        {
            case 'd':
                result.Append(inClass ? "0-9" : "[0-9]");
                return i + 1;
            case 'D' when !inClass:
                result.Append("[^0-9]");
                return i + 1;
            case 'w':
                result.Append(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]");
                return i + 1;
            case 'W' when !inClass:
                result.Append("[^0-9A-Za-z_]");
                return i + 1;
            case 's':
                result.Append(inClass ? @"\t\n\f\r " : @"[\t\n\f\r ]");
                return i + 1;
            case 'S' when !inClass:
                result.Append(@"[^\t\n\f\r ]");
                return i + 1;
            case 'p' or 'P' when i + 2 < pattern.Length && pattern[i + 2] != '{':
                result.Append('\\').Append(next).Append('{').Append(pattern[i + 2]).Append('}');
                return i + 2;
            case 'Q':
                var end = pattern.IndexOf(@"\E", i + 2, StringComparison.Ordinal);
                var literal = end < 0 ? pattern[(i + 2)..] : pattern[(i + 2)..end];
                result.Append(inClass ? EscapeInClass(literal) : Regex.Escape(literal));
                return end < 0 ? pattern.Length - 1 : end + 1;
            case 'C':
                throw new ArgumentException($"pattern '{pattern}': \\C (any byte) has no .NET equivalent");
            default:
                result.Append('\\').Append(next);
                return i + 1;
        }
    }

    private static string EscapeInClass(string literal)
    {
        var escaped = new StringBuilder(literal.Length * 2);
        foreach (var c in literal)
        {
            if (c is '\\' or ']' or '[' or '^' or '-')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
