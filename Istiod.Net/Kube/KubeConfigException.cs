namespace Istiod.Net.Kube;

/// <summary>The cluster connection settings are missing or wrong; the message names the file and field.</summary>
public sealed class KubeConfigException : Exception
{
    public KubeConfigException(string message)
        : base(message)
    {
    }

    public KubeConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>
    /// An exception's message for a user: the messages of it and its inner exceptions, first lines only (the
    /// library puts a whole inner exception, stack trace included, into some messages, e.g. a failing exec plugin).
    /// </summary>
    internal static string Describe(Exception e)
    {
        var message = FirstLine(e.Message);
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            var line = FirstLine(inner.Message);
            if (!message.Contains(line, StringComparison.Ordinal))
            {
                message += $": {line}";
            }
        }

        return message;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).Trim();
    }
}
