using Istiod.Net.Grpc;

namespace Istiod.Net.Security.Authentication;

/// <summary>Turns one kind of credential on a call into an identity. Implementations never throw for a bad credential: they return Rejected.</summary>
public interface IAuthenticator
{
    string Method { get; }

    Task<AuthenticationResult> AuthenticateAsync(GrpcCallContext call);
}
