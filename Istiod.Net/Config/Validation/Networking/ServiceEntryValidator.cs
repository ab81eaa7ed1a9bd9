using System.Net;
using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>ServiceEntry: hosts, uniquely numbered and named ports, and endpoints that fit the resolution mode.</summary>
public sealed class ServiceEntryValidator : SpecValidator<ServiceEntrySpec>
{
    public ServiceEntryValidator()
    {
        RuleFor(se => se.Hosts).NotEmpty().WithMessage("service entry must have at least one host");
        RuleForEach(se => se.Hosts).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("host must not be empty")
            .Must(h => h != "*").WithMessage("host \"*\" is not allowed; name the hosts (\"*.example.com\" is fine)")
            .Must(h => ConfigRules.HostProblem(PartialWildcardAsFull(h!), allowWildcard: true) is null)
            .WithMessage((_, h) => ConfigRules.HostProblem(PartialWildcardAsFull(h!), allowWildcard: true)!);
        // Istio accepts a ServiceEntry without ports, but nothing is generated for it; say so.
        RuleFor(se => se.Ports).NotEmpty().WithSeverity(Severity.Warning)
            .WithMessage("service entry has no ports, so no listener or cluster is generated for it");
        RuleForEach(se => se.Ports).ChildRules(port =>
        {
            port.RuleFor(p => p.Number).Cascade(CascadeMode.Stop).NotNull().WithMessage("port number is required").ValidPort();
            port.RuleFor(p => p.Name).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("port name is required")
                .Must(ConfigRules.IsDnsLabel).WithMessage((_, n) => $"port name \"{n}\" must be a DNS-1123 label");
            port.RuleFor(p => p.Protocol).Must(p => string.IsNullOrEmpty(p) || Protocols.IsKnown(p)).WithMessage((_, p) => Protocols.Problem(p));
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
        RuleFor(se => se).Custom(CheckResolution);
        RuleFor(se => se).Custom((se, context) => ConfigRules.CheckLabels(se.WorkloadSelector?.Labels, "workloadSelector.labels", context));
        RuleFor(se => se.ExportTo).Custom((exportTo, context) => ExportTo.Check(exportTo, allowNone: true, context));
    }

    private static void CheckResolution(ServiceEntrySpec se, ValidationContext<ServiceEntrySpec> context)
    {
        var resolution = se.Resolution ?? ServiceEntryResolution.None;
        var hasEndpoints = se.Endpoints is { Count: > 0 };
        if (se.Endpoints is not null && se.WorkloadSelector is not null)
        {
            context.AddError("workloadSelector", "only one of endpoints or workloadSelector may be set");
        }

        var cidr = false;
        for (var i = 0; i < (se.Addresses?.Count ?? 0); i++)
        {
            var address = se.Addresses![i];
            cidr |= address?.Contains('/') == true;
            if (!IPAddress.TryParse(address, out _) && !IPNetwork.TryParse(address ?? string.Empty, out _))
            {
                context.AddError($"addresses[{i}]", $"\"{address}\" is not an IP address or CIDR block");
            }
        }

        if (cidr && resolution is not (ServiceEntryResolution.None or ServiceEntryResolution.Static))
        {
            context.AddError("addresses", "CIDR addresses are only allowed with resolution NONE or STATIC");
        }

        var portNames = (se.Ports ?? []).Select(p => p?.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        switch (resolution)
        {
            case ServiceEntryResolution.None:
                if (hasEndpoints)
                {
                    context.AddError("endpoints", "endpoints cannot be given with resolution NONE");
                }

                if (se.WorkloadSelector is not null)
                {
                    context.AddWarning("workloadSelector", "workloadSelector has no effect with resolution NONE");
                }

                break;
            case ServiceEntryResolution.Static:
                for (var i = 0; i < (se.Endpoints?.Count ?? 0); i++)
                {
                    var address = se.Endpoints![i]?.Address;
                    if (!string.IsNullOrEmpty(address) && !IPAddress.TryParse(address, out _) && !address.StartsWith("unix://", StringComparison.Ordinal))
                    {
                        context.AddError($"endpoints[{i}].address", $"\"{address}\" must be an IP address or unix:// path when resolution is STATIC");
                    }
                }

                break;
            case ServiceEntryResolution.Dns or ServiceEntryResolution.DnsRoundRobin:
                if (!hasEndpoints)
                {
                    for (var i = 0; i < (se.Hosts?.Count ?? 0); i++)
                    {
                        if (se.Hosts![i]?.Contains('*') == true)
                        {
                            context.AddError($"hosts[{i}]", "hosts must be fully qualified (no wildcards) when DNS resolution has no endpoints");
                        }
                    }
                }

                if (resolution == ServiceEntryResolution.DnsRoundRobin && se.Endpoints is { Count: > 1 })
                {
                    context.AddError("endpoints", "resolution DNS_ROUND_ROBIN allows at most one endpoint");
                }

                break;
        }

        for (var i = 0; i < (se.Endpoints?.Count ?? 0); i++)
        {
            foreach (var name in se.Endpoints![i]?.Ports?.Keys ?? [])
            {
                if (!portNames.Contains(name))
                {
                    context.AddError($"endpoints[{i}].ports[{name}]", $"endpoint port \"{name}\" is not one of the service entry's port names");
                }
            }
        }

        // Plain TCP cannot tell several hosts apart on one port (HTTP has Host, TLS has SNI).
        if (resolution != ServiceEntryResolution.None && se.Hosts is { Count: > 1 }
            && (se.Ports ?? []).Any(p => p is not null && !Protocols.IsHttp(p.Protocol) && p.Protocol?.ToUpperInvariant() is not ("HTTPS" or "TLS")))
        {
            context.AddError("ports", "several hosts need HTTP or TLS ports to be told apart (unless resolution is NONE)");
        }
    }

    /// <summary>Istio lets a ServiceEntry host start with a partial wildcard ("*x", "*-api.example.com"); check the rest as a name.</summary>
    private static string PartialWildcardAsFull(string host) =>
        host.Length > 1 && host[0] == '*' && host[1] != '.' ? "x" + host[1..] : host;
}
