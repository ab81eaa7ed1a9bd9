using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>One server of a Gateway: a port with protocol, at least one host, and TLS where the protocol needs it.</summary>
public sealed class ServerValidator : AbstractValidator<Server>
{
    public ServerValidator()
    {
        RuleFor(s => s.Port).NotNull().WithMessage("port is required");
        RuleFor(s => s.Port!.Number).NotNull().WithMessage("port number is required").ValidPort()
            .When(s => s.Port is not null).OverridePropertyName("Port.Number");
        RuleFor(s => s.Port!.Protocol).NotEmpty().WithMessage("port protocol is required")
            .Must(Protocols.IsKnown).WithMessage((_, p) => Protocols.Problem(p))
            .When(s => s.Port is not null).OverridePropertyName("Port.Protocol");
        RuleFor(s => s.Hosts).NotEmpty().WithMessage("server must have at least one host");
        RuleForEach(s => s.Hosts).Must(h => HostProblem(h) is null).WithMessage((_, h) => HostProblem(h)!);
        RuleFor(s => s).Custom((server, context) =>
        {
            var protocol = server.Port?.Protocol?.ToUpperInvariant();
            if (protocol is "HTTPS" or "TLS" && server.Tls is null)
            {
                context.AddError("tls", $"TLS settings are required for a {protocol} server");
            }

            if (server.Tls is { } tls)
            {
                if (tls.Mode is ServerTlsMode.Simple or ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual
                    && tls.CredentialName is null && tls.CredentialNames is null or { Count: 0 }
                    && (tls.ServerCertificate is null || tls.PrivateKey is null))
                {
                    context.AddError("tls", "SIMPLE and MUTUAL TLS need credentialName, or serverCertificate and privateKey");
                }

                if (tls.Mode is ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual
                    && tls.CredentialName is null && tls.CredentialNames is null or { Count: 0 } && tls.CaCertificates is null)
                {
                    context.AddError("tls", "MUTUAL TLS needs caCertificates or credentialName");
                }
            }
        });
    }

    // Gateway hosts are "host" or "namespace/host", where namespace may be "*" or "." (this namespace).
    internal static string? HostProblem(string? entry)
    {
        if (string.IsNullOrEmpty(entry))
        {
            return "host must not be empty";
        }

        var slash = entry.IndexOf('/');
        if (slash >= 0)
        {
            var ns = entry[..slash];
            if (ns is not ("*" or ".") && !ConfigRules.IsDnsLabel(ns))
            {
                return $"invalid namespace \"{ns}\" in host \"{entry}\": expected \"*\", \".\" or a namespace name";
            }

            entry = entry[(slash + 1)..];
        }

        return ConfigRules.HostProblem(entry, allowWildcard: true);
    }
}
