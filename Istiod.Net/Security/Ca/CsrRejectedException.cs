namespace Istiod.Net.Security.Ca;

/// <summary>A certificate signing request the CA will not sign; the message says why, for the caller.</summary>
public sealed class CsrRejectedException : Exception
{
    public CsrRejectedException(string message)
        : base(message)
    {
    }

    public CsrRejectedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
