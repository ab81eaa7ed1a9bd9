using Istio.V1.Auth;
using Istiod.Net.Diagnostics;
using Istiod.Net.Grpc;
using Istiod.Net.Security.Authentication;
using Istiod.Net.Security.Ca;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Security.CaApi;

/// <summary>
/// Istio's CA API, <c>istio.v1.auth.IstioCertificateService/CreateCertificate</c>: an authenticated caller
/// sends a CSR and gets a certificate for its own identity (whatever the CSR asks for), as a chain leaf
/// first, then intermediates, then the root. Served over TLS only. The request's metadata (identity
/// impersonation by a trusted node agent) is not supported and is ignored.
/// </summary>
public sealed class IstioCertificateService
{
    public const string CreateCertificateMethod = "/istio.v1.auth.IstioCertificateService/CreateCertificate";

    private readonly CertificateAuthority _ca;
    private readonly AuthenticatorChain _authenticators;
    private readonly CaApiOptions _options;
    private readonly IstiodMetrics? _metrics;
    private readonly ILogger _logger;

    public IstioCertificateService(
        CertificateAuthority ca,
        AuthenticatorChain authenticators,
        CaApiOptions? options = null,
        ILogger<IstioCertificateService>? logger = null,
        IstiodMetrics? metrics = null)
    {
        _ca = ca;
        _authenticators = authenticators;
        _options = options ?? new CaApiOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = metrics;
        if (_options.InsecureAllowPlaintextForDevelopment)
        {
            Log.PlaintextAllowed(_logger);
        }
    }

    /// <summary>
    /// The usual authenticators: a client certificate this CA issued, then a bearer token for audience
    /// <c>istio-ca</c> checked by <paramref name="tokenReviewer"/> (none: certificates only).
    /// </summary>
    public static AuthenticatorChain DefaultAuthenticators(CertificateAuthority ca, ITokenReviewer? tokenReviewer)
    {
        var list = new List<IAuthenticator> { new ClientCertificateAuthenticator(ca) };
        if (tokenReviewer is not null)
        {
            list.Add(new BearerTokenAuthenticator(tokenReviewer, ca));
        }

        return new AuthenticatorChain(list);
    }

    public void Register(IGrpcServiceBuilder builder) =>
        builder.AddUnary(CreateCertificateMethod, IstioCertificateRequest.Parser, CreateCertificateAsync);

    public async Task<IstioCertificateResponse> CreateCertificateAsync(IstioCertificateRequest request, GrpcCallContext call)
    {
        _metrics?.CsrRequests.Add(1);
        var remote = call.RemoteEndPoint?.ToString() ?? "unknown peer";
        if (!call.IsTls && !_options.InsecureAllowPlaintextForDevelopment)
        {
            Log.PlaintextRefused(_logger, remote);
            _metrics?.CaAuthenticationFailures.Add(1);
            throw new GrpcException(GrpcStatusCode.Unauthenticated, "the CA API is served over TLS only; connect with TLS.");
        }

        var authentication = await _authenticators.AuthenticateAsync(call).ConfigureAwait(false);
        if (authentication.Outcome != AuthenticationOutcome.Authenticated || authentication.Identity is null)
        {
            _metrics?.CaAuthenticationFailures.Add(1);
            throw AuthenticationFailure(authentication, remote);
        }

        var identity = authentication.Identity;
        var lifetime = RequestedLifetime(request.ValidityDuration, remote, identity);
        IssuedCertificate issued;
        try
        {
            issued = _ca.SignCsr(request.Csr, identity, lifetime);
        }
        catch (CsrRejectedException e)
        {
            _metrics?.CsrRejections.Add(1);
            Log.CsrRejected(_logger, remote, identity.ToString(), e.Message);
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"invalid certificate signing request: {e.Message}");
        }
        catch (Exception e) when (e is not GrpcException and not OperationCanceledException)
        {
            Log.SigningFailed(_logger, identity.ToString(), e);
            throw new GrpcException(GrpcStatusCode.Internal, "the CA could not sign the certificate.");
        }

        _metrics?.CertificatesIssued.Add(1);
        Log.Issued(_logger, remote, authentication.Method, identity.ToString(), issued.SerialNumber, issued.NotAfter);
        var response = new IstioCertificateResponse();
        response.CertChain.AddRange(issued.ChainPem);
        return response;
    }

    // Seconds from the wire can be any int64; cap before converting so a huge value cannot overflow TimeSpan.
    private TimeSpan? RequestedLifetime(long seconds, string remote, SpiffeIdentity identity)
    {
        if (seconds < 0)
        {
            _metrics?.CsrRejections.Add(1);
            Log.CsrRejected(_logger, remote, identity.ToString(), "negative validity_duration");
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"validity_duration must not be negative, got {seconds} seconds.");
        }

        var max = (long)_ca.Options.MaxWorkloadCertificateLifetime.TotalSeconds;
        return seconds == 0 ? null : TimeSpan.FromSeconds(Math.Min(seconds, max + 1));
    }

    private GrpcException AuthenticationFailure(AuthenticationResult result, string remote)
    {
        switch (result.Outcome)
        {
            case AuthenticationOutcome.Unavailable:
                Log.AuthenticationFailed(_logger, remote, "unavailable", result.Reason ?? string.Empty);
                return new GrpcException(GrpcStatusCode.Unavailable, $"authentication could not be completed, retry later: {result.Reason}");
            case AuthenticationOutcome.Rejected:
                Log.AuthenticationFailed(_logger, remote, "rejected", result.Reason ?? string.Empty);
                return new GrpcException(GrpcStatusCode.Unauthenticated, $"authentication failed: {result.Reason}");
            default:
                Log.AuthenticationFailed(_logger, remote, "no credential", "no client certificate and no authorization header");
                return new GrpcException(
                    GrpcStatusCode.Unauthenticated,
                    "no credential: present a client certificate issued by this CA or an 'authorization: Bearer <service-account token>' header (audience istio-ca).");
        }
    }
}
