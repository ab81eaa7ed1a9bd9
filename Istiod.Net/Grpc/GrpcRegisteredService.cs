namespace Istiod.Net.Grpc;

/// <summary>
/// The service type Grpc.AspNetCore activates for every method of a <see cref="GrpcServiceRegistry"/>. It holds
/// nothing: the registered handlers are closures over the real services (ADS, the CA API).
/// </summary>
public sealed class GrpcRegisteredService;
