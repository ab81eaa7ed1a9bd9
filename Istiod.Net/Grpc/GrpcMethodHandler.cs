namespace Istiod.Net.Grpc;

/// <summary>One registered method: knows its message types and how to drive a call of its kind.</summary>
internal abstract class GrpcMethodHandler(string method)
{
    public string Method { get; } = method;

    /// <summary>Runs the call to its end; throws to end it with a non-OK status.</summary>
    public abstract Task InvokeAsync(GrpcServerCall call);
}
