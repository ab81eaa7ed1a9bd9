namespace Istiod.Net.Tests.Grpc;

/// <summary>One call's outcome as the C-core interop script reports it.</summary>
internal sealed record GrpcCoreInteropResult(string Case, string Code, string Details, string[] Values);
