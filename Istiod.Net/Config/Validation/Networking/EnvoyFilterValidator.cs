using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>
/// EnvoyFilter: each patch names what it applies to and an operation; operations that add or merge need
/// a value; a waypoint match goes only with the WAYPOINT context, which in turn takes no listener,
/// route or cluster match.
/// </summary>
public sealed class EnvoyFilterValidator : SpecValidator<EnvoyFilterSpec>
{
    private static readonly string[] ApplyTo =
    [
        "LISTENER", "FILTER_CHAIN", "NETWORK_FILTER", "HTTP_FILTER", "ROUTE_CONFIGURATION", "VIRTUAL_HOST",
        "HTTP_ROUTE", "CLUSTER", "EXTENSION_CONFIG", "BOOTSTRAP", "LISTENER_FILTER",
    ];

    private static readonly string[] Operations =
        ["MERGE", "ADD", "REMOVE", "INSERT_BEFORE", "INSERT_AFTER", "INSERT_FIRST", "REPLACE", "MERGE_AND_REPLACE_LIST"];

    private static readonly string[] NeedValue = ["MERGE", "ADD", "INSERT_BEFORE", "INSERT_AFTER", "INSERT_FIRST", "REPLACE", "MERGE_AND_REPLACE_LIST"];

    private static readonly string[] Contexts = ["ANY", "SIDECAR_INBOUND", "SIDECAR_OUTBOUND", "GATEWAY", "WAYPOINT"];

    public EnvoyFilterValidator()
    {
        RuleFor(f => f).Custom((spec, context) =>
        {
            ConfigRules.CheckLabels(spec.WorkloadSelector?.Labels, "workloadSelector.labels", context);
            if (spec.WorkloadSelector is not null && spec.TargetRefs is { Count: > 0 })
            {
                context.AddError("workloadSelector", "only one of targetRefs or workloadSelector can be set");
            }

            for (var i = 0; i < (spec.ConfigPatches?.Count ?? 0); i++)
            {
                CheckPatch(spec.ConfigPatches![i], $"configPatches[{i}]", context);
            }
        });
    }

    private static void CheckPatch(EnvoyConfigObjectPatch? patch, string path, ValidationContext<EnvoyFilterSpec> context)
    {
        if (patch is null)
        {
            context.AddError(path, "must be of type object");
            return;
        }

        if (string.IsNullOrEmpty(patch.ApplyTo))
        {
            context.AddError($"{path}.applyTo", "Required value: applyTo must be set");
        }
        else if (!ApplyTo.Contains(patch.ApplyTo))
        {
            context.AddError($"{path}.applyTo", $"Unsupported value: \"{patch.ApplyTo}\"");
        }

        if (patch.Match is { } match)
        {
            if (match.Context is { } ctx && !Contexts.Contains(ctx))
            {
                context.AddError($"{path}.match.context", $"Unsupported value: \"{ctx}\"");
            }

            var waypointContext = match.Context == "WAYPOINT";
            if (match.Waypoint is not null && !waypointContext)
            {
                context.AddError($"{path}.match", "only support waypointMatch when context is WAYPOINT");
            }

            if (waypointContext && (match.Listener is not null || match.RouteConfiguration is not null || match.Cluster is not null))
            {
                context.AddError($"{path}.match", "only support waypointMatch when context is WAYPOINT (listener, routeConfiguration and cluster matches do not apply)");
            }

            if (match.Waypoint?.PortNumber is { } port && port is < 1 or > 65535)
            {
                context.AddError($"{path}.match.waypoint.portNumber", "port must be between 1-65535");
            }
        }

        if (patch.Patch is not { } body)
        {
            context.AddError($"{path}.patch", "Required value: a patch is needed");
            return;
        }

        if (body.Operation is null)
        {
            context.AddError($"{path}.patch.operation", "Required value: operation must be set");
        }
        else if (!Operations.Contains(body.Operation))
        {
            context.AddError($"{path}.patch.operation", $"Unsupported value: \"{body.Operation}\"");
        }
        else if (NeedValue.Contains(body.Operation) && body.Value is null)
        {
            context.AddError($"{path}.patch.value", $"a {body.Operation} patch needs a value");
        }
    }
}
