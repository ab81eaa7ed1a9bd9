using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>Client TLS: MUTUAL needs a client certificate and key (or a credential name).</summary>
public sealed class ClientTlsValidator : AbstractValidator<ClientTlsSettings>
{
    public ClientTlsValidator()
    {
        RuleFor(t => t).Custom((tls, context) =>
        {
            if (tls.Mode == ClientTlsMode.Mutual && tls.CredentialName is null && (tls.ClientCertificate is null || tls.PrivateKey is null))
            {
                context.AddError(string.Empty, "MUTUAL TLS requires clientCertificate and privateKey, or credentialName");
            }

            if (tls.Mode is ClientTlsMode.Disable or ClientTlsMode.IstioMutual
                && (tls.ClientCertificate is not null || tls.PrivateKey is not null || tls.CaCertificates is not null || tls.CredentialName is not null))
            {
                context.AddError(string.Empty, $"certificates and credentialName must not be set when mode is {(tls.Mode == ClientTlsMode.Disable ? "DISABLE" : "ISTIO_MUTUAL")}");
            }
        });
    }
}
