using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>Server-side TLS (Gateway servers, Sidecar ingress): certificate sources that fit the mode.</summary>
public sealed class ServerTlsValidator : AbstractValidator<ServerTlsSettings>
{
    public ServerTlsValidator()
    {
        RuleFor(t => t).Custom((tls, context) =>
        {
            var hasCredential = tls.CredentialName is not null || tls.CredentialNames is { Count: > 0 };
            var hasFiles = tls.ServerCertificate is not null || tls.PrivateKey is not null;
            switch (tls.Mode)
            {
                case ServerTlsMode.IstioMutual:
                    if (hasCredential || hasFiles || tls.CaCertificates is not null)
                    {
                        context.AddError(string.Empty, "ISTIO_MUTUAL uses the mesh certificates; serverCertificate, privateKey, caCertificates and credentialName must not be set");
                    }

                    break;
                case ServerTlsMode.Passthrough or ServerTlsMode.AutoPassthrough:
                    if (hasCredential || hasFiles || tls.CaCertificates is not null)
                    {
                        context.AddWarning(string.Empty, "passthrough modes do not use certificates; they are ignored");
                    }

                    break;
                case ServerTlsMode.Simple or ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual when !hasCredential:
                    var prefix = tls.Mode == ServerTlsMode.Simple ? "SIMPLE TLS" : "MUTUAL TLS";
                    if (tls.ServerCertificate is null)
                    {
                        context.AddError("serverCertificate", $"{prefix} requires a server certificate (or credentialName)");
                    }

                    if (tls.PrivateKey is null)
                    {
                        context.AddError("privateKey", $"{prefix} requires a private key (or credentialName)");
                    }

                    if (tls.Mode != ServerTlsMode.Simple && tls.CaCertificates is null)
                    {
                        context.AddError("caCertificates", "MUTUAL TLS requires a client CA bundle (or credentialName)");
                    }

                    break;
            }

            var sources = (tls.CredentialName is null ? 0 : 1) + (tls.CredentialNames is { Count: > 0 } ? 1 : 0)
                + (tls.ServerCertificate is not null && tls.PrivateKey is not null ? 1 : 0);
            if (sources > 1)
            {
                context.AddError(string.Empty, "only one of credentialName, credentialNames or serverCertificate/privateKey may be set");
            }
        });
    }
}
