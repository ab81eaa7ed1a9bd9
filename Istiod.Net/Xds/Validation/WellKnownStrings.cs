using System.Net;
using System.Net.Sockets;

namespace Istiod.Net.Xds.Validation;

/// <summary>
/// The string formats protoc-gen-validate knows by name. Written as character checks rather than regexes:
/// they run on every header name and value of every generated route.
/// </summary>
internal static class WellKnownStrings
{
    /// <summary>RFC 1123 host name: labels of 1-63 letters, digits and inner hyphens, at most 253 characters, one trailing dot allowed.</summary>
    public static bool IsHostname(string value)
    {
        var name = value.EndsWith('.') ? value[..^1] : value;
        if (name.Length == 0 || name.Length > 253)
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Dotted-quad IPv4 only: .NET's own parser also takes "1" or "0x7f.1", which no proto means.</summary>
    public static bool IsIpv4(string value)
    {
        var parts = value.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An IPv6 address without a zone (<c>%eth0</c>) or brackets.</summary>
    public static bool IsIpv6(string value) =>
        value.Contains(':') && !value.Contains('%') && !value.Contains('[')
        && IPAddress.TryParse(value, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;

    public static bool IsIp(string value) => IsIpv4(value) || IsIpv6(value);

    public static bool IsAddress(string value) => IsIp(value) || IsHostname(value);

    /// <summary>local@host with a local part of at most 64 printable characters and a host name.</summary>
    public static bool IsEmail(string value)
    {
        if (value.Length > 254)
        {
            return false;
        }

        var at = value.LastIndexOf('@');
        if (at <= 0 || at > 64 || at == value.Length - 1)
        {
            return false;
        }

        foreach (var c in value.AsSpan(0, at))
        {
            if (c <= ' ' || c >= 0x7F || c is '(' or ')' or '<' or '>' or ',' or ';' or ':' or '\\' or '"' or '[' or ']' or '@')
            {
                return false;
            }
        }

        return IsHostname(value[(at + 1)..]);
    }

    /// <summary>An absolute URI: a scheme, then what .NET accepts. The scheme is checked first because .NET takes "/path" as a file URI.</summary>
    public static bool IsUri(string value)
    {
        var colon = value.IndexOf(':');
        if (colon <= 0 || !char.IsAsciiLetter(value[0]))
        {
            return false;
        }

        for (var i = 1; i < colon; i++)
        {
            if (!char.IsAsciiLetterOrDigit(value[i]) && value[i] is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return Uri.TryCreate(value, UriKind.Absolute, out _);
    }

    public static bool IsUriReference(string value) =>
        !value.Any(char.IsWhiteSpace) && Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out _);

    public static bool IsUuid(string value)
    {
        if (value.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? value[i] != '-' : !char.IsAsciiHexDigit(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// HTTP_HEADER_NAME, strict: an optional leading ':' (pseudo-headers) and one or more token characters.
    /// The class protoc-gen-validate writes (<c>+-.</c> is a range there) also admits ',', and so does this,
    /// so that we refuse exactly what Envoy refuses.
    /// </summary>
    public static bool IsStrictHeaderName(string value)
    {
        var start = value.StartsWith(':') ? 1 : 0;
        if (value.Length == start)
        {
            return false;
        }

        for (var i = start; i < value.Length; i++)
        {
            var c = value[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or ',' or '-' or '.' or '^' or '_' or '|' or '~' or '`'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>HTTP_HEADER_VALUE, strict: no control characters except horizontal tab.</summary>
    public static bool IsStrictHeaderValue(string value)
    {
        foreach (var c in value)
        {
            if ((c < ' ' && c != '\t') || c == '\u007F')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Either header format with strict off: only NUL, CR and LF are refused (they would split or end a header).</summary>
    public static bool IsLenientHeader(string value) => value.AsSpan().IndexOfAny('\0', '\r', '\n') < 0;
}
