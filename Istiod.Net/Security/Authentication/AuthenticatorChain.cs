using Istiod.Net.Grpc;

namespace Istiod.Net.Security.Authentication;

/// <summary>
/// Tries each authenticator in order; the first that proves an identity wins. When none does, the answer
/// is Unavailable if any could not decide (the caller should retry), else Rejected with every reason,
/// else NoCredential.
/// </summary>
public sealed class AuthenticatorChain(IEnumerable<IAuthenticator> authenticators)
{
    private readonly IReadOnlyList<IAuthenticator> _authenticators = authenticators.ToList();

    public IReadOnlyList<IAuthenticator> Authenticators => _authenticators;

    public async Task<AuthenticationResult> AuthenticateAsync(GrpcCallContext call)
    {
        var failures = new List<AuthenticationResult>();
        foreach (var authenticator in _authenticators)
        {
            var result = await authenticator.AuthenticateAsync(call).ConfigureAwait(false);
            if (result.Outcome == AuthenticationOutcome.Authenticated)
            {
                return result;
            }

            if (result.Outcome != AuthenticationOutcome.NoCredential)
            {
                failures.Add(result);
            }
        }

        if (failures.Count == 0)
        {
            return AuthenticationResult.NoCredential("none");
        }

        var reasons = string.Join("; ", failures.Select(f => $"{f.Method}: {f.Reason}"));
        var unavailable = failures.Any(f => f.Outcome == AuthenticationOutcome.Unavailable);
        var method = string.Join(",", failures.Select(f => f.Method));
        return unavailable ? AuthenticationResult.Unavailable(method, reasons) : AuthenticationResult.Rejected(method, reasons);
    }
}
