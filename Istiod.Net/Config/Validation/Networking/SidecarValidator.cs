using System.Net;
using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>
/// Sidecar: egress listeners with "namespace/host" entries (at most one without a port, and it comes
/// last), ingress listeners with ports and sane default endpoints, unique ports (and unix sockets) per
/// direction, Istio's capture modes (never IPTABLES for a unix socket), no targetPort on egress ports.
/// </summary>
public sealed class SidecarValidator : SpecValidator<SidecarSpec>
{
    public SidecarValidator()
    {
        RuleFor(s => s).Custom((sidecar, context) =>
        {
            if (sidecar.Egress is null or { Count: 0 } && sidecar.Ingress is null or { Count: 0 }
                && sidecar.OutboundTrafficPolicy is null && sidecar.InboundConnectionPool is null)
            {
                context.AddError(string.Empty, "empty Sidecar: set egress, ingress, outboundTrafficPolicy or inboundConnectionPool");
            }

            if (sidecar.WorkloadSelector is { Labels: null or { Count: 0 } })
            {
                context.AddWarning("workloadSelector", "workloadSelector has no labels, so the Sidecar applies to every workload in the namespace");
            }

            ConfigRules.CheckLabels(sidecar.WorkloadSelector?.Labels, "workloadSelector.labels", context);
        });
        RuleForEach(s => s.Egress).ChildRules(egress =>
        {
            egress.RuleFor(e => e.Hosts).NotEmpty().WithMessage("egress listener must have at least one host");
            egress.RuleForEach(e => e.Hosts).Must(h => EgressHostProblem(h) is null).WithMessage((_, h) => EgressHostProblem(h)!);
            egress.RuleFor(e => e.Port!.Number).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("port number is required")
                .Must((e, n) => n != 0 || IsUnix(e.Bind)).WithMessage("port 0 needs a unix:// bind address")
                .Must(n => n <= 65535).WithMessage((_, n) => $"port number {n} must be in the range 1..65535")
                .When(e => e.Port is not null).OverridePropertyName("Port.Number");
            egress.RuleFor(e => e.Port!.Protocol).Must(p => string.IsNullOrEmpty(p) || Protocols.IsKnown(p)).WithMessage((_, p) => Protocols.Problem(p))
                .When(e => e.Port is not null).OverridePropertyName("Port.Protocol");
            egress.RuleFor(e => e.Bind).Must(b => b is null || IPAddress.TryParse(b, out _) || IsUnix(b))
                .WithMessage((_, b) => $"bind \"{b}\" must be an IP address or unix:// path");
            egress.RuleFor(e => e.CaptureMode).Cascade(CascadeMode.Stop)
                .Must(IsCaptureMode).WithMessage((_, m) => CaptureModeProblem(m))
                // A unix socket cannot be reached by iptables redirection.
                .Must((e, m) => m != "IPTABLES" || e.Port?.Number != 0)
                .WithMessage("captureMode must be DEFAULT or NONE for unix domain socket listeners");
            egress.RuleFor(e => e.Port!.TargetPort).Must(t => t is null or 0).WithMessage("targetPort has no impact on Sidecar egress listeners")
                .When(e => e.Port is not null).OverridePropertyName("Port.TargetPort");
        });
        RuleForEach(s => s.Ingress).ChildRules(ingress =>
        {
            ingress.RuleFor(i => i.Port).NotNull().WithMessage("port is required for ingress listeners");
            ingress.RuleFor(i => i.Port!.Number).Cascade(CascadeMode.Stop).NotNull().WithMessage("port number is required").ValidPort()
                .When(i => i.Port is not null).OverridePropertyName("Port.Number");
            ingress.RuleFor(i => i.Port!.Protocol).Must(p => string.IsNullOrEmpty(p) || Protocols.IsKnown(p)).WithMessage((_, p) => Protocols.Problem(p))
                .When(i => i.Port is not null).OverridePropertyName("Port.Protocol");
            ingress.RuleFor(i => i.Bind).Must(b => b is null || IPAddress.TryParse(b, out _))
                .WithMessage((_, b) => $"bind \"{b}\" must be an IP address");
            ingress.RuleFor(i => i.CaptureMode).Must(IsCaptureMode).WithMessage((_, m) => CaptureModeProblem(m));
            ingress.RuleFor(i => i.DefaultEndpoint).Must(e => e is null || DefaultEndpointProblem(e) is null)
                .WithMessage((_, e) => DefaultEndpointProblem(e!)!);
            ingress.RuleFor(i => i.Tls).SetValidator(new ServerTlsValidator()!);
            ingress.RuleFor(i => i.ConnectionPool).SetValidator(new ConnectionPoolValidator()!);
        });
        RuleFor(s => s.InboundConnectionPool).SetValidator(new ConnectionPoolValidator()!);
        RuleFor(s => s.OutboundTrafficPolicy!.EgressProxy).Cascade(CascadeMode.Stop)
            .Must((s, _) => s.OutboundTrafficPolicy!.Mode == OutboundTrafficMode.AllowAny)
            .WithMessage("egressProxy can only be used with mode ALLOW_ANY")
            .Must(p => p!.Port?.Number is not null).WithMessage("egressProxy needs a port")
            .SetValidator(new DestinationValidator()!)
            .When(s => s.OutboundTrafficPolicy?.EgressProxy is not null).OverridePropertyName("OutboundTrafficPolicy.EgressProxy");
        RuleFor(s => s).Custom((sidecar, context) =>
        {
            var egressPorts = new HashSet<uint>();
            var unixBinds = new HashSet<string>(StringComparer.Ordinal);
            var count = sidecar.Egress?.Count ?? 0;
            var catchAllSeen = false;
            for (var i = 0; i < count; i++)
            {
                var listener = sidecar.Egress![i];
                if (listener is null)
                {
                    continue;
                }

                if (listener.Port is null)
                {
                    if (catchAllSeen)
                    {
                        context.AddError($"egress[{i}]", "only one egress listener may omit the port");
                    }
                    else if (i != count - 1)
                    {
                        context.AddError($"egress[{i}]", "the egress listener without a port must be the last one");
                    }

                    catchAllSeen = true;
                }
                else if (listener.Port.Number is { } number and > 0 && !egressPorts.Add(number))
                {
                    context.AddError($"egress[{i}].port.number", $"port {number} is used by more than one egress listener");
                }
                else if (listener.Port.Number == 0 && IsUnix(listener.Bind) && !unixBinds.Add(listener.Bind!))
                {
                    context.AddError($"egress[{i}].bind", $"unix socket {listener.Bind} is used by more than one egress listener");
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

    // Istio's CaptureMode enum; an unknown name does not parse there.
    private static bool IsCaptureMode(string? mode) => mode is null or "DEFAULT" or "IPTABLES" or "NONE";

    private static string CaptureModeProblem(string? mode) => $"captureMode \"{mode}\" must be DEFAULT, IPTABLES or NONE";

    private static bool IsUnix(string? address) => address?.StartsWith("unix://", StringComparison.Ordinal) == true;

    // Where inbound traffic is forwarded: a loopback or wildcard IP with a port, or a unix socket.
    private static string? DefaultEndpointProblem(string endpoint)
    {
        if (IsUnix(endpoint))
        {
            return endpoint.Length > "unix://".Length && endpoint["unix://".Length] is '/' or '@'
                ? null
                : $"defaultEndpoint \"{endpoint}\" must be unix:// followed by an absolute path";
        }

        var colon = endpoint.LastIndexOf(':');
        var host = colon < 0 ? string.Empty : endpoint[..colon].Trim('[', ']');
        var portText = colon < 0 ? string.Empty : endpoint[(colon + 1)..];
        if (colon < 0 || host is not ("" or "127.0.0.1" or "0.0.0.0" or "::1" or "::")
            || !int.TryParse(portText, out var port) || port is < 1 or > 65535)
        {
            return $"defaultEndpoint \"{endpoint}\" must be 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port>, :<port> or unix://<path>";
        }

        return null;
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
