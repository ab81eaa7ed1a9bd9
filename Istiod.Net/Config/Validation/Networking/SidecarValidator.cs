using System.Net;
using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>Sidecar: egress listeners with "namespace/host" entries, ingress listeners with ports, unique ports.</summary>
public sealed class SidecarValidator : SpecValidator<SidecarSpec>
{
    public SidecarValidator()
    {
        RuleForEach(s => s.Egress).ChildRules(egress =>
        {
            egress.RuleFor(e => e.Hosts).NotEmpty().WithMessage("egress listener must have at least one host");
            egress.RuleForEach(e => e.Hosts).Must(h => EgressHostProblem(h) is null).WithMessage((_, h) => EgressHostProblem(h)!);
            egress.RuleFor(e => e.Port!.Number).NotNull().WithMessage("port number is required").ValidPort()
                .When(e => e.Port is not null).OverridePropertyName("Port.Number");
            egress.RuleFor(e => e.Bind).Must(b => b is null || IPAddress.TryParse(b, out _) || b.StartsWith("unix://", StringComparison.Ordinal))
                .WithMessage((_, b) => $"bind \"{b}\" must be an IP address or unix:// path");
        });
        RuleForEach(s => s.Ingress).ChildRules(ingress =>
        {
            ingress.RuleFor(i => i.Port).NotNull().WithMessage("port is required");
            ingress.RuleFor(i => i.Port!.Number).NotNull().WithMessage("port number is required").ValidPort()
                .When(i => i.Port is not null).OverridePropertyName("Port.Number");
            ingress.RuleFor(i => i.Port!.Protocol).Must(p => p is null || Protocols.IsKnown(p)).WithMessage((_, p) => Protocols.Problem(p))
                .When(i => i.Port is not null).OverridePropertyName("Port.Protocol");
            ingress.RuleFor(i => i.Bind).Must(b => b is null || IPAddress.TryParse(b, out _))
                .WithMessage((_, b) => $"bind \"{b}\" must be an IP address");
        });
        RuleFor(s => s).Custom((sidecar, context) =>
        {
            var egressPorts = new HashSet<uint>();
            var catchAll = 0;
            for (var i = 0; i < (sidecar.Egress?.Count ?? 0); i++)
            {
                var listener = sidecar.Egress![i];
                if (listener?.Port?.Number is { } number)
                {
                    if (!egressPorts.Add(number))
                    {
                        context.AddError($"egress[{i}].port.number", $"port {number} is used by more than one egress listener");
                    }
                }
                else if (listener is not null && ++catchAll > 1)
                {
                    context.AddError($"egress[{i}]", "only one egress listener may omit the port");
                }
            }

            var ingressPorts = new HashSet<uint>();
            for (var i = 0; i < (sidecar.Ingress?.Count ?? 0); i++)
            {
                if (sidecar.Ingress![i]?.Port?.Number is { } number && !ingressPorts.Add(number))
                {
                    context.AddError($"ingress[{i}].port.number", $"port {number} is used by more than one ingress listener");
                }
            }
        });
    }

    // Sidecar egress hosts are always "namespace/host"; namespace may be "*", "." or "~".
    private static string? EgressHostProblem(string? entry)
    {
        if (string.IsNullOrEmpty(entry))
        {
            return "host must not be empty";
        }

        var slash = entry.IndexOf('/');
        if (slash < 0)
        {
            return $"host \"{entry}\" must be in the form namespace/host";
        }

        var ns = entry[..slash];
        if (ns is not ("*" or "." or "~") && !ConfigRules.IsDnsLabel(ns))
        {
            return $"invalid namespace \"{ns}\" in host \"{entry}\"";
        }

        return ConfigRules.HostProblem(entry[(slash + 1)..], allowWildcard: true);
    }
}
