namespace Istiod.Net.Tests.Infrastructure.FakeKube;

/// <summary>A refusal the fake server answers with a Status object.</summary>
public sealed class FakeKubeError : Exception
{
    public FakeKubeError(int code, string reason, string message)
        : base(message)
    {
        Code = code;
        Reason = reason;
    }

    public int Code { get; }

    public string Reason { get; }
}
