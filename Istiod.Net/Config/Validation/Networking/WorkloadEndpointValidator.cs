using System.Net;
using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>
/// A workload endpoint, shared by the WorkloadEntry kind and ServiceEntry endpoints: an address (IP,
/// host name or unix socket) unless a network is named, named ports in range, valid labels.
/// </summary>
public sealed class WorkloadEndpointValidator : AbstractValidator<WorkloadEntrySpec>
{
    public WorkloadEndpointValidator()
    {
        RuleFor(w => w.Address)
            .NotEmpty().When(w => string.IsNullOrEmpty(w.Network))
            .WithMessage("address is required (or a network, for an endpoint reached through that network's gateway)");
        RuleFor(w => w.Address)
            .Must(a => !string.IsNullOrEmpty(a)).WithSeverity(Severity.Warning).When(w => !string.IsNullOrEmpty(w.Network))
            .WithMessage((w, _) => $"address is unset; the endpoint is reached through network \"{w.Network}\"");
        RuleFor(w => w.Address).Must(a => AddressProblem(a) is null).WithMessage((_, a) => AddressProblem(a)!)
            .When(w => !string.IsNullOrEmpty(w.Address));
        RuleFor(w => w).Custom((w, context) =>
        {
            if (w.Address?.StartsWith("unix://", StringComparison.Ordinal) == true && w.Ports is { Count: > 0 })
            {
                context.AddError("ports", "a unix socket endpoint cannot have ports");
            }

            foreach (var (name, number) in w.Ports ?? new Dictionary<string, uint>())
            {
                if (!ConfigRules.IsDnsLabel(name))
                {
                    context.AddError($"ports[{name}]", $"port name \"{name}\" must be a DNS-1123 label");
                }

                if (number is < 1 or > 65535)
                {
                    context.AddError($"ports[{name}]", $"port number {number} must be in the range 1..65535");
                }
            }

            ConfigRules.CheckLabels(w.Labels, "labels", context);
        });
    }

    internal static string? AddressProblem(string? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = address["unix://".Length..];
            return path.StartsWith('@') || (path.StartsWith('/') && !path.EndsWith('/'))
                ? null
                : $"unix socket address \"{address}\" needs an absolute file path (or an @abstract name)";
        }

        if (IPAddress.TryParse(address, out _))
        {
            return null;
        }

        return ConfigRules.HostProblem(address, allowWildcard: false) is null
            ? null
            : $"address \"{address}\" is not an IP address, a host name or a unix:// path";
    }
}
