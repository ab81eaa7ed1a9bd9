using Grpc.AspNetCore.Server.Model;

namespace Istiod.Net.Grpc;

/// <summary>One registered method, able to add itself to Grpc.AspNetCore's model of the service.</summary>
internal abstract class GrpcRegisteredMethod(string path)
{
    /// <summary><c>/package.Service/Method</c>.</summary>
    public string Path { get; } = path;

    protected string ServiceName => Path[1..Path.IndexOf('/', 1)];

    protected string MethodName => Path[(Path.IndexOf('/', 1) + 1)..];

    public abstract void Bind(ServiceMethodProviderContext<GrpcRegisteredService> context, GrpcCallRuntime runtime);
}
