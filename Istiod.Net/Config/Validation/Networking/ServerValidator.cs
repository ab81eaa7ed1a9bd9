using System.Net;
using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>One server of a Gateway: a named port with protocol, at least one host, and TLS exactly where the protocol needs it.</summary>
public sealed class ServerValidator : AbstractValidator<Server>
{
    public ServerValidator()
    {
        RuleFor(s => s.Port).NotNull().WithMessage("port is required");
        RuleFor(s => s.Port!.Number).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("port number is required").ValidPort()
            .When(s => s.Port is not null && !IsUnixBind(s.Bind)).OverridePropertyName("Port.Number");
        RuleFor(s => s.Port!.Number)
            .Must(n => n is null or 0).WithMessage("port number must be 0 when binding to a unix domain socket")
            .When(s => s.Port is not null && IsUnixBind(s.Bind)).OverridePropertyName("Port.Number");
        RuleFor(s => s.Port!.Protocol).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("port protocol is required")
            .Must(Protocols.IsKnown).WithMessage((_, p) => Protocols.Problem(p))
            .When(s => s.Port is not null).OverridePropertyName("Port.Protocol");
        RuleFor(s => s.Port!.Name).NotEmpty().WithMessage("port name is required")
            .When(s => s.Port is not null).OverridePropertyName("Port.Name");
        RuleFor(s => s.Port!.TargetPort).Null().WithMessage("targetPort has no effect on a Gateway; remove it")
            .When(s => s.Port is not null).OverridePropertyName("Port.TargetPort");
        RuleFor(s => s.Bind)
            .Must(b => b is null || IsUnixBind(b) ? b is null || b.Length > "unix://".Length : IPAddress.TryParse(b, out _))
            .WithMessage((_, b) => $"bind \"{b}\" must be an IP address or a unix:// path");
        RuleFor(s => s.Hosts).NotEmpty().WithMessage("server must have at least one host");
        RuleForEach(s => s.Hosts).Must(h => HostProblem(h) is null).WithMessage((_, h) => HostProblem(h)!);
        RuleFor(s => s.Tls).SetValidator(new ServerTlsValidator()!);
        RuleFor(s => s).Custom((server, context) =>
        {
            var protocol = server.Port?.Protocol?.ToUpperInvariant();
            if (protocol is null || !Protocols.IsKnown(protocol))
            {
                return;
            }

            var tlsProtocol = protocol is "HTTPS" or "TLS";
            if (tlsProtocol && server.Tls is null)
            {
                context.AddError("tls", $"TLS settings are required for a {protocol} server");
            }
            else if (!tlsProtocol && server.Tls is { } tls)
            {
                if (!Protocols.IsHttp(protocol))
                {
                    context.AddError("tls", $"a {protocol} server cannot have TLS settings");
                }
                else if (tls.Mode is not null || tls.ServerCertificate is not null || tls.PrivateKey is not null || tls.CaCertificates is not null)
                {
                    // On a plain-text HTTP port only the redirect to HTTPS makes sense.
                    context.AddError("tls", "a plain-text HTTP server can only use tls.httpsRedirect");
                }
            }

            if (server.Tls?.HttpsRedirect == true && !Protocols.IsHttp(protocol))
            {
                context.AddWarning("tls.httpsRedirect", "httpsRedirect only has an effect on HTTP servers");
            }
        });
    }

    private static bool IsUnixBind(string? bind) => bind?.StartsWith("unix://", StringComparison.Ordinal) == true;

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
