using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>VirtualService: hosts, gateways and the HTTP, TCP and TLS routes.</summary>
public sealed class VirtualServiceValidator : SpecValidator<VirtualServiceSpec>
{
    public VirtualServiceValidator()
    {
        RuleFor(vs => vs).Custom((vs, context) =>
        {
            // A VirtualService without hosts is a delegate: only reachable from another one's HTTP route.
            if (vs.Hosts is null or { Count: 0 })
            {
                if (vs.Gateways is { Count: > 0 })
                {
                    context.AddError("hosts", "at least one host is required (a delegate VirtualService, which has none, cannot name gateways)");
                }

                if (vs.Tcp is { Count: > 0 } || vs.Tls is { Count: > 0 })
                {
                    context.AddError("hosts", "at least one host is required (a delegate VirtualService, which has none, can only have HTTP routes)");
                }
            }

            if (vs.Http is null or { Count: 0 } && vs.Tcp is null or { Count: 0 } && vs.Tls is null or { Count: 0 })
            {
                context.AddError(string.Empty, "http, tcp or tls must be provided");
            }

            var boundToMesh = vs.Gateways is null or { Count: 0 } || vs.Gateways.Contains("mesh");
            for (var i = 0; i < (vs.Hosts?.Count ?? 0); i++)
            {
                if (vs.Hosts![i] == "*" && boundToMesh)
                {
                    context.AddError($"hosts[{i}]", "wildcard host \"*\" is not allowed for a VirtualService bound to the mesh");
                }
            }
        });

        RuleForEach(vs => vs.Hosts).NotEmpty().WithMessage("host must not be empty").HostName();
        RuleForEach(vs => vs.Gateways).Must(ValidGatewayReference).WithMessage((_, g) => $"invalid gateway reference \"{g}\": expected \"mesh\", \"name\" or \"namespace/name\"");
        RuleForEach(vs => vs.Http).SetValidator(new HttpRouteValidator());
        RuleForEach(vs => vs.Tcp).SetValidator(new TcpRouteValidator());
        RuleForEach(vs => vs.Tls).SetValidator(new TlsRouteValidator());
        RuleFor(vs => vs.ExportTo).Custom((exportTo, context) => ExportTo.Check(exportTo, allowNone: false, context));
    }

    private static bool ValidGatewayReference(string? gateway)
    {
        if (gateway is null or "")
        {
            return false;
        }

        if (gateway == "mesh")
        {
            return true;
        }

        var parts = gateway.Split('/');
        return parts.Length switch
        {
            // A gateway may be named by a fully qualified host (name.namespace.svc.cluster.local) in older configs.
            1 => ConfigRules.HostProblem(parts[0], allowWildcard: false) is null,
            2 => ConfigRules.IsDnsLabel(parts[0]) && ConfigRules.IsDnsLabel(parts[1]),
            _ => false,
        };
    }
}
