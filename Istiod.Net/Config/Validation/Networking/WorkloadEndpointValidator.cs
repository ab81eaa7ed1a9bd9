using System.Net;
using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>
/// A workload endpoint, shared by the WorkloadEntry kind and ServiceEntry endpoints: an address (IP,
/// host name or unix socket) unless a network is named, ports in range, weight not negative.
/// </summary>
public sealed class WorkloadEndpointValidator : AbstractValidator<WorkloadEntrySpec>
{
    public WorkloadEndpointValidator()
    {
        RuleFor(w => w.Address)
            .NotEmpty().When(w => string.IsNullOrEmpty(w.Network))
            .WithMessage("address is required (or a network, for an endpoint reached through a network gateway)");
        RuleFor(w => w.Address).Must(a => AddressProblem(a) is null).WithMessage((_, a) => AddressProblem(a)!)
            .When(w => !string.IsNullOrEmpty(w.Address));
        RuleFor(w => w.Ports).Custom((ports, context) =>
        {
            foreach (var (name, number) in ports ?? new Dictionary<string, uint>())
            {
                if (number is < 1 or > 65535)
                {
                    context.AddError($"[{name}]", $"port number {number} must be in the range 1..65535");
                }
            }
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
            return address.Length > "unix://".Length ? null : "unix socket address needs a path";
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
