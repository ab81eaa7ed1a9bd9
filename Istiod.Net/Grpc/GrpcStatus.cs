namespace Istiod.Net.Grpc;

/// <summary>The outcome of a call as the peer reported it in <c>grpc-status</c> and <c>grpc-message</c>.</summary>
public sealed record GrpcStatus(GrpcStatusCode Code, string Message)
{
    public static GrpcStatus Ok { get; } = new(GrpcStatusCode.Ok, string.Empty);

    public override string ToString() =>
        Message.Length == 0 ? Code.ToString() : $"{Code}: {Message}";
}
