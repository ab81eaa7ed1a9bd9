using Envoy.Config.Rbac.V3;
using Istiod.Net.Security.Authorization.Simulation;

namespace Istiod.Net.Security.Authorization.Conformance;

/// <summary>
/// Chooses the requests two configs are compared on. Random assignments alone rarely satisfy a rule
/// that ANDs ten conditions, so for every policy a coordinate search first looks for a request that
/// matches it (maximising the satisfied conditions one attribute at a time); then every attribute of that
/// request is varied alone through all its values, which walks the policy's boundary. Random requests
/// are added on top.
/// </summary>
public static class RequestSearch
{
    public static IReadOnlyList<Dictionary<string, string?>> Generate(RequestSpace space, IReadOnlyList<RBAC> configs, int randomCount, int seed, bool isHttp)
    {
        var results = new List<Dictionary<string, string?>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Keep(Dictionary<string, string?> assignment)
        {
            if (seen.Add(RequestSpace.Describe(assignment)))
            {
                results.Add(new Dictionary<string, string?>(assignment, StringComparer.Ordinal));
            }
        }

        var baseline = space.Baseline();
        var anchors = new List<Dictionary<string, string?>> { baseline };
        foreach (var policy in configs.SelectMany(c => c.Policies.Values))
        {
            anchors.Add(Satisfy(space, policy, baseline, isHttp));
        }

        foreach (var anchor in anchors)
        {
            Keep(anchor);
            foreach (var (dimension, values) in space.Values)
            {
                foreach (var value in values)
                {
                    var variant = new Dictionary<string, string?>(anchor, StringComparer.Ordinal) { [dimension] = value };
                    Keep(variant);
                }
            }
        }

        var random = new Random(seed);
        for (var i = 0; i < randomCount; i++)
        {
            var anchor = anchors[random.Next(anchors.Count)];
            var assignment = new Dictionary<string, string?>(anchor, StringComparer.Ordinal);
            foreach (var (dimension, values) in space.Values)
            {
                if (random.Next(3) == 0)
                {
                    assignment[dimension] = values[random.Next(values.Count)];
                }
            }

            Keep(assignment);
        }

        return results;
    }

    private static Dictionary<string, string?> Satisfy(RequestSpace space, Policy policy, Dictionary<string, string?> start, bool isHttp)
    {
        var current = new Dictionary<string, string?>(start, StringComparer.Ordinal);
        var best = Score(policy, current, isHttp);
        for (var pass = 0; pass < 3 && best < int.MaxValue; pass++)
        {
            foreach (var (dimension, values) in space.Values)
            {
                var keep = current[dimension];
                foreach (var value in values)
                {
                    current[dimension] = value;
                    var score = Score(policy, current, isHttp);
                    if (score > best)
                    {
                        best = score;
                        keep = value;
                    }
                }

                current[dimension] = keep;
            }
        }

        return current;
    }

    /// <summary>How close the request is to matching: satisfied AND-conditions of the best permission and principal; max when it matches.</summary>
    private static int Score(Policy policy, Dictionary<string, string?> assignment, bool isHttp)
    {
        var context = new MatchContext(RequestSpace.ToRequest(assignment), isHttp);
        if (RbacEvaluator.Matches(policy, context))
        {
            return int.MaxValue;
        }

        var permission = policy.Permissions.Select(p => Partial(p, context)).DefaultIfEmpty(0).Max();
        var principal = policy.Principals.Select(p => Partial(p, context)).DefaultIfEmpty(0).Max();
        return permission + principal;
    }

    private static int Partial(Permission permission, MatchContext context) =>
        permission.RuleCase == Permission.RuleOneofCase.AndRules
            ? permission.AndRules.Rules.Count(r => RbacEvaluator.Matches(r, context))
            : RbacEvaluator.Matches(permission, context) ? 1 : 0;

    private static int Partial(Principal principal, MatchContext context) =>
        principal.IdentifierCase == Principal.IdentifierOneofCase.AndIds
            ? principal.AndIds.Ids.Count(i => RbacEvaluator.Matches(i, context))
            : RbacEvaluator.Matches(principal, context) ? 1 : 0;
}
