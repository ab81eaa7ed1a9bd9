using Envoy.Config.Listener.V3;
using Envoy.Config.Rbac.V3;
using Envoy.Extensions.Filters.Http.JwtAuthn.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;
using HttpExtAuthz = Envoy.Extensions.Filters.Http.ExtAuthz.V3.ExtAuthz;
using HttpRbac = Envoy.Extensions.Filters.Http.Rbac.V3.RBAC;
using NetworkExtAuthz = Envoy.Extensions.Filters.Network.ExtAuthz.V3.ExtAuthz;
using NetworkRbac = Envoy.Extensions.Filters.Network.Rbac.V3.RBAC;

namespace Istiod.Net.Security.Authorization.Simulation;

/// <summary>
/// Runs a request through a list of Envoy filters the way the filter chain would: jwt_authn verifies
/// tokens and publishes their payload, RBAC filters enforce their rules and record their shadow rules in
/// dynamic metadata, ext_authz runs when its <c>filter_enabled_metadata</c> matches. The first rejection
/// ends the request. Filters it does not know (router, fault) pass the request on.
/// </summary>
public static class FilterChainSimulator
{
    public static AuthzDecision RunHttp(IEnumerable<HttpFilter> filters, AuthzRequest request)
    {
        var context = new MatchContext(request, isHttp: true);
        var record = new SimulationRecord();
        foreach (var filter in filters)
        {
            if (filter.TypedConfig is not { } config)
            {
                continue;
            }

            if (config.Is(HttpRbac.Descriptor))
            {
                var rbac = config.Unpack<HttpRbac>();
                if (Rbac(rbac.Rules, rbac.ShadowRules, rbac.ShadowRulesStatPrefix, AuthzFilterNames.HttpRbac, context, record) is { } denied)
                {
                    return denied;
                }
            }
            else if (config.Is(HttpExtAuthz.Descriptor))
            {
                var extAuthz = config.Unpack<HttpExtAuthz>();
                var target = extAuthz.GrpcService?.EnvoyGrpc?.ClusterName ?? extAuthz.HttpService?.ServerUri?.Cluster ?? "?";
                if (ExtAuthz(extAuthz.FilterEnabledMetadata, target, context, record) is { } denied)
                {
                    return denied;
                }
            }
            else if (config.Is(JwtAuthentication.Descriptor))
            {
                if (JwtAuthnSimulator.Apply(config.Unpack<JwtAuthentication>(), context) is { } refusal)
                {
                    return record.Finish(false, 401, $"jwt_authn: {refusal}");
                }
            }
        }

        return record.Finish(true, 200, null);
    }

    public static AuthzDecision RunTcp(IEnumerable<Filter> filters, AuthzRequest request)
    {
        var context = new MatchContext(request, isHttp: false);
        var record = new SimulationRecord();
        foreach (var filter in filters)
        {
            if (filter.TypedConfig is not { } config)
            {
                continue;
            }

            if (config.Is(NetworkRbac.Descriptor))
            {
                var rbac = config.Unpack<NetworkRbac>();
                if (Rbac(rbac.Rules, rbac.ShadowRules, rbac.ShadowRulesStatPrefix, AuthzFilterNames.NetworkRbac, context, record) is { } denied)
                {
                    return denied;
                }
            }
            else if (config.Is(NetworkExtAuthz.Descriptor))
            {
                var extAuthz = config.Unpack<NetworkExtAuthz>();
                if (ExtAuthz(extAuthz.FilterEnabledMetadata, extAuthz.GrpcService?.EnvoyGrpc?.ClusterName ?? "?", context, record) is { } denied)
                {
                    return denied;
                }
            }
        }

        return record.Finish(true, 200, null);
    }

    private static AuthzDecision? Rbac(RBAC? rules, RBAC? shadow, string shadowPrefix, string metadataNamespace, MatchContext context, SimulationRecord record)
    {
        if (shadow is not null)
        {
            // Envoy records the shadow engine's verdict and the policy that produced it; nothing is enforced.
            var (allowed, policy) = RbacEvaluator.Decide(shadow, context);
            var result = allowed ? "allowed" : "denied";
            context.SetMetadata(metadataNamespace, shadowPrefix + AuthzFilterNames.ShadowEngineResult, result);
            if (policy is not null)
            {
                context.SetMetadata(metadataNamespace, shadowPrefix + AuthzFilterNames.ShadowEffectivePolicyId, policy);
            }

            record.Shadow[shadowPrefix] = policy is null ? result : $"{result} {policy}";
        }

        if (rules is null)
        {
            return null;
        }

        var (pass, decidedBy) = RbacEvaluator.Decide(rules, context);
        if (rules.Action == RBAC.Types.Action.Log)
        {
            if (decidedBy is not null)
            {
                record.Audited.Add(decidedBy);
            }

            return null;
        }

        return pass ? null : record.Finish(false, 403, $"rbac {rules.Action}: {decidedBy ?? "no ALLOW policy matched"}");
    }

    private static AuthzDecision? ExtAuthz(MetadataMatcher? enabledBy, string target, MatchContext context, SimulationRecord record)
    {
        if (enabledBy is not null && !RbacEvaluator.Matches(enabledBy, context))
        {
            return null;
        }

        record.ExtAuthz.Add(target);
        return context.Request.ExtAuthzAllows ? null : record.Finish(false, 403, $"ext_authz {target} denied");
    }
}
