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
}
