using System.Text.RegularExpressions;
using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>
/// WorkloadGroup: a template is required (the spec itself is required), the template carries no
/// address (each VM brings its own), and the readiness probe uses exactly one check with valid ports.
/// </summary>
public sealed partial class WorkloadGroupValidator : SpecValidator<WorkloadGroupSpec>
{
    public WorkloadGroupValidator()
    {
        RuleFor(g => g).Custom((spec, context) =>
        {
            if (spec.Template is null)
            {
                context.AddError("template", "Required value: a WorkloadGroup needs a spec with a template");
            }
            else
            {
                CheckTemplate(spec.Template, context);
            }

            ConfigRules.CheckLabels(spec.Metadata?.Labels, "metadata.labels", context);
            if (spec.Probe is { } probe)
            {
                CheckProbe(probe, context);
            }
        });
    }

    private static void CheckTemplate(WorkloadEntrySpec template, ValidationContext<WorkloadGroupSpec> context)
    {
        if (!string.IsNullOrEmpty(template.Address))
        {
            context.AddError("template.address", "address may not be set in a template: each workload registers its own");
        }

        foreach (var (name, number) in template.Ports ?? new Dictionary<string, uint>())
        {
            if (!ConfigRules.IsDnsLabel(name))
            {
                context.AddError($"template.ports[{name}]", $"port name \"{name}\" must be a DNS-1123 label");
            }

            if (number is < 1 or > 65535)
            {
                context.AddError($"template.ports[{name}]", "port must be between 1-65535");
            }
        }

        ConfigRules.CheckLabels(template.Labels, "template.labels", context);
    }

    private static void CheckProbe(ReadinessProbe probe, ValidationContext<WorkloadGroupSpec> context)
    {
        var checks = (probe.HttpGet is null ? 0 : 1) + (probe.TcpSocket is null ? 0 : 1) + (probe.Exec is null ? 0 : 1) + (probe.Grpc is null ? 0 : 1);
        if (checks != 1)
        {
            context.AddError("probe", "exactly one of httpGet, tcpSocket, exec or grpc must be set");
        }

        foreach (var (name, value) in new[]
                 {
                     ("initialDelaySeconds", probe.InitialDelaySeconds), ("timeoutSeconds", probe.TimeoutSeconds), ("periodSeconds", probe.PeriodSeconds),
                     ("successThreshold", probe.SuccessThreshold), ("failureThreshold", probe.FailureThreshold),
                 })
        {
            if (value < 0)
            {
                context.AddError($"probe.{name}", $"{name} must not be negative");
            }
        }

        if (probe.HttpGet is { } http)
        {
            CheckPort(http.Port, "probe.httpGet.port", context);
            if (http.Scheme is { } scheme && scheme is not ("HTTP" or "HTTPS" or "http" or "https"))
            {
                context.AddError("probe.httpGet.scheme", $"Unsupported value: \"{scheme}\" (HTTP or HTTPS)");
            }

            for (var i = 0; i < (http.HttpHeaders?.Count ?? 0); i++)
            {
                var header = http.HttpHeaders![i];
                if (header?.Name is not { } name || !HeaderName().IsMatch(name))
                {
                    context.AddError($"probe.httpGet.httpHeaders[{i}].name", $"header name \"{header?.Name}\" should match ^[-_A-Za-z0-9]+$");
                }
            }
        }

        if (probe.TcpSocket is { } tcp)
        {
            CheckPort(tcp.Port, "probe.tcpSocket.port", context);
        }

        if (probe.Grpc is { } grpc)
        {
            CheckPort(grpc.Port, "probe.grpc.port", context);
        }

        if (probe.Exec is { } exec && exec.Command is not { Count: > 0 })
        {
            context.AddError("probe.exec.command", "an exec probe needs a command");
        }
    }

    private static void CheckPort(uint? port, string path, ValidationContext<WorkloadGroupSpec> context)
    {
        if (port is null or < 1 or > 65535)
        {
            context.AddError(path, "port must be between 1-65535");
        }
    }

    [GeneratedRegex("^[-_A-Za-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();
}
