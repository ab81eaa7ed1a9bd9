using System.Globalization;
using System.Text;

namespace Istiod.Net.Diagnostics;

/// <summary>
/// Makes text that came from a client (node ids, NACK messages, resource names, type URLs, user agents,
/// admission fields...) safe to put in a log line: control characters, line and paragraph separators and
/// bidirectional overrides are escaped, so a client cannot forge log lines or hide text, and the result is
/// capped, so a client cannot fill the disk with one request. Every log call site that prints client text
/// passes it through <see cref="Client"/>.
/// </summary>
public static class LogText
{
    /// <summary>The default cap, in characters of the escaped text (before the "…(N more)" suffix).</summary>
    public const int DefaultMaxLength = 256;

    /// <summary>
    /// <paramref name="text"/> escaped (\n, \r, \t, \\, other control and formatting characters as \uXXXX)
    /// and cut after <paramref name="maxLength"/> characters with "…(N more)", N counting the characters of
    /// the original left out. Null becomes "(none)".
    /// </summary>
    public static string Client(string? text, int maxLength = DefaultMaxLength)
    {
        if (text is null)
        {
            return "(none)";
        }

        if (text.Length <= maxLength && !NeedsEscape(text))
        {
            return text;
        }

        var result = new StringBuilder(Math.Min(text.Length, maxLength) + 16);
        var i = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var escaped = pair ? null : Escape(c);
            var width = escaped?.Length ?? (pair ? 2 : 1);
            if (result.Length + width > maxLength)
            {
                break;
            }

            if (escaped is not null)
            {
                result.Append(escaped);
            }
            else if (pair)
            {
                result.Append(c).Append(text[++i]);
            }
            else
            {
                result.Append(c);
            }
        }

        if (i < text.Length)
        {
            result.Append("…(").Append((text.Length - i).ToString(CultureInfo.InvariantCulture)).Append(" more)");
        }

        return result.ToString();
    }

    private static bool NeedsEscape(string text)
    {
        foreach (var c in text)
        {
            if (Escape(c) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The escape for <paramref name="c"/>, or null when it may stand as it is.</summary>
    private static string? Escape(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\\' => "\\\\",
        _ when char.IsControl(c) || char.IsSurrogate(c) || IsInvisibleFormat(c) => $"\\u{(int)c:x4}",
        _ => null,
    };

    /// <summary>Line/paragraph separators, bidi embeddings, overrides and isolates, zero-width and BOM.</summary>
    private static bool IsInvisibleFormat(char c) =>
        c is '\u2028' or '\u2029' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') or (>= '\u200b' and <= '\u200f') or '\ufeff';
}
