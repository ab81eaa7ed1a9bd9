using System.Net;
using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>ServiceEntry: hosts, unique ports, and endpoints that fit the resolution mode.</summary>
public sealed class ServiceEntryValidator : SpecValidator<ServiceEntrySpec>
{
    public ServiceEntryValidator()
    {
        RuleFor(se => se.Hosts).NotEmpty().WithMessage("service entry must have at least one host");
        RuleForEach(se => se.Hosts).NotEmpty().WithMessage("host must not be empty")
            .Must(h => h != "*").WithMessage("host \"*\" is not allowed; name the hosts (\"*.example.com\" is fine)")
            .HostName();
        RuleFor(se => se.Ports).NotEmpty().WithMessage("service entry must have at least one port");
        RuleForEach(se => se.Ports).ChildRules(port =>
        {
            port.RuleFor(p => p.Number).NotNull().WithMessage("port number is required").ValidPort();
            port.RuleFor(p => p.Name).NotEmpty().WithMessage("port name is required");
            port.RuleFor(p => p.Protocol).Must(p => p is null || Protocols.IsKnown(p)).WithMessage((_, p) => Protocols.Problem(p));
            port.RuleFor(p => p.TargetPort).ValidPort();
        });
        RuleFor(se => se.Ports).Custom((ports, context) =>
        {
            var numbers = new HashSet<uint>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < (ports?.Count ?? 0); i++)
            {
                if (ports![i]?.Number is { } number && !numbers.Add(number))
                {
                    context.AddError($"[{i}].number", $"port number {number} is not unique");
                }

                if (ports[i]?.Name is { Length: > 0 } name && !names.Add(name))
                {
                    context.AddError($"[{i}].name", $"port name \"{name}\" is not unique");
                }
            }
        });
        RuleForEach(se => se.Endpoints).SetValidator(new WorkloadEndpointValidator());
        RuleFor(se => se).Custom((se, context) =>
        {
            var hasEndpoints = se.Endpoints is { Count: > 0 };
            if (hasEndpoints && se.WorkloadSelector is not null)
            {
                context.AddError("workloadSelector", "only one of endpoints or workloadSelector may be set");
            }

            switch (se.Resolution ?? ServiceEntryResolution.None)
            {
                case ServiceEntryResolution.None when hasEndpoints:
                    context.AddError("endpoints", "endpoints need resolution STATIC or DNS; with NONE they are ignored");
                    break;
                case ServiceEntryResolution.Static:
                    for (var i = 0; i < (se.Endpoints?.Count ?? 0); i++)
                    {
                        var address = se.Endpoints![i]?.Address;
                        if (address is not null && !IPAddress.TryParse(address, out _) && !address.StartsWith("unix://", StringComparison.Ordinal))
                        {
                            context.AddError($"endpoints[{i}].address", $"\"{address}\" must be an IP address or unix:// path when resolution is STATIC");
                        }
                    }

                    break;
                case ServiceEntryResolution.Dns or ServiceEntryResolution.DnsRoundRobin when !hasEndpoints:
                    for (var i = 0; i < (se.Hosts?.Count ?? 0); i++)
                    {
                        if (se.Hosts![i]?.StartsWith('*') == true)
                        {
                            context.AddError($"hosts[{i}]", "wildcard hosts cannot be resolved by DNS; add endpoints or use resolution NONE");
                        }
                    }

                    break;
            }

            for (var i = 0; i < (se.Addresses?.Count ?? 0); i++)
            {
                var address = se.Addresses![i];
                if (!IPAddress.TryParse(address, out _) && !IsCidr(address))
                {
                    context.AddError($"addresses[{i}]", $"\"{address}\" is not an IP address or CIDR block");
                }
            }
        });
        RuleForEach(se => se.ExportTo).Must(ExportTo.IsValid).WithMessage((_, e) => ExportTo.Problem(e));
    }

    private static bool IsCidr(string? text) => text is not null && IPNetwork.TryParse(text, out _);
}
