using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>A DestinationRule traffic policy (also per subset and per port).</summary>
public sealed class TrafficPolicyValidator : AbstractValidator<TrafficPolicy>
{
    public TrafficPolicyValidator()
    {
        RuleFor(p => p).Custom((p, context) =>
        {
            if (p.LoadBalancer is null && p.ConnectionPool is null && p.OutlierDetection is null && p.Tls is null
                && p.PortLevelSettings is null && p.Tunnel is null && p.ProxyProtocol is null)
            {
                context.AddError(string.Empty, "traffic policy must have at least one field");
            }

            if (p.Tunnel is not null && p.ProxyProtocol is not null)
            {
                context.AddError(string.Empty, "tunnel and proxyProtocol cannot be set together");
            }
        });
        RuleFor(p => p.LoadBalancer).SetValidator(new LoadBalancerValidator()!);
        RuleFor(p => p.ConnectionPool).SetValidator(new ConnectionPoolValidator()!);
        RuleFor(p => p.OutlierDetection).SetValidator(new OutlierDetectionValidator()!);
        RuleFor(p => p.Tls).SetValidator(new ClientTlsValidator()!);
        RuleForEach(p => p.PortLevelSettings).ChildRules(port =>
        {
            port.RuleFor(s => s.Port).NotNull().WithMessage("port is required");
            port.RuleFor(s => s).Custom((s, context) =>
            {
                if (s.LoadBalancer is null && s.ConnectionPool is null && s.OutlierDetection is null && s.Tls is null)
                {
                    context.AddError(string.Empty, "port traffic policy must have at least one of loadBalancer, connectionPool, outlierDetection or tls");
                }
            });
            port.RuleFor(s => s.Port!.Number).NotNull().WithMessage("port number is required").ValidPort()
                .When(s => s.Port is not null).OverridePropertyName("Port.Number");
            port.RuleFor(s => s.LoadBalancer).SetValidator(new LoadBalancerValidator()!);
            port.RuleFor(s => s.ConnectionPool).SetValidator(new ConnectionPoolValidator()!);
            port.RuleFor(s => s.OutlierDetection).SetValidator(new OutlierDetectionValidator()!);
            port.RuleFor(s => s.Tls).SetValidator(new ClientTlsValidator()!);
        });
        RuleFor(p => p.PortLevelSettings).Custom((settings, context) =>
        {
            var seen = new HashSet<uint>();
            for (var i = 0; i < (settings?.Count ?? 0); i++)
            {
                if (settings![i]?.Port?.Number is { } number && !seen.Add(number))
                {
                    context.AddError($"[{i}].port.number", $"port {number} appears in more than one port-level setting");
                }
            }
        });
        RuleFor(p => p.Tunnel!).ChildRules(tunnel =>
        {
            tunnel.RuleFor(t => t.TargetHost).NotEmpty().WithMessage("targetHost is required");
            tunnel.RuleFor(t => t.TargetPort).NotNull().WithMessage("targetPort is required").ValidPort();
            tunnel.RuleFor(t => t.Protocol)
                .Must(p => p is null or "CONNECT" or "POST").WithMessage((_, p) => $"tunnel protocol \"{p}\" must be CONNECT or POST");
        }).When(p => p.Tunnel is not null);
    }
}
