namespace Istiod.Net.Security.Ca;

/// <summary>The CA cannot start: a key or certificate file is missing, unreadable or inconsistent. The message names the file.</summary>
public sealed class CaConfigurationException : Exception
{
    public CaConfigurationException(string message)
        : base(message)
    {
    }

    public CaConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
