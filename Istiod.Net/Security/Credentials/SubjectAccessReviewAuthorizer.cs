using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Security.Credentials;

/// <summary>
/// In a cluster, as istiod: a workload may read <c>kubernetes://&lt;name&gt;</c> when RBAC lets its service
/// account (user <c>system:serviceaccount:&lt;ns&gt;:&lt;sa&gt;</c>) <c>get</c> that Secret, asked with a
/// SubjectAccessReview. Answers are cached briefly (a grant or a revocation takes effect within
/// <see cref="AllowedFor"/> / <see cref="DeniedFor"/>); an API server that cannot answer denies, uncached.
/// </summary>
public sealed class SubjectAccessReviewAuthorizer : IGatewaySecretAuthorizer
{
    /// <summary>Reviews <c>(user, groups, namespace, verb, resource, name)</c>: KubeClient.ReviewSubjectAccessAsync.</summary>
    public delegate Task<bool> Review(string user, IReadOnlyList<string> groups, string @namespace, string verb, string resource, string name, CancellationToken cancellationToken);

    /// <summary>Bounds the cache: names are the client's choice, so they must not grow it without end.</summary>
    public const int MaxCachedAnswers = 10_000;

    private readonly Review _review;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Identity, string Namespace, string Name), (bool Allowed, DateTimeOffset Until)> _answers = new();

    public SubjectAccessReviewAuthorizer(Review review, TimeProvider? time = null, ILogger<SubjectAccessReviewAuthorizer>? logger = null)
    {
        _review = review;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public TimeSpan AllowedFor { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan DeniedFor { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest a generation waits for the API server.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public GatewaySecretDecision Authorize(SpiffeIdentity identity, string @namespace, string credentialName)
    {
        var key = (identity.ToString(), @namespace, credentialName);
        var now = _time.GetUtcNow();
        if (!_answers.TryGetValue(key, out var answer) || answer.Until <= now)
        {
            bool allowed;
            try
            {
                // Generation is synchronous; the wait is bounded and the answer cached, so a stream waits once.
                using var deadline = new CancellationTokenSource(Timeout);
                allowed = _review(User(identity), Groups(identity), @namespace, "get", "secrets", credentialName, deadline.Token)
                    .WaitAsync(Timeout).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whatever went wrong (unreachable, timeout, an API error, a broken answer): not sure means no.
                GatewayAuthorizationLog.ReviewFailed(_logger, identity.ToString(), @namespace, credentialName, e.Message);
                return GatewaySecretDecision.Deny($"the SubjectAccessReview could not be made: {e.Message}");
            }

            if (_answers.Count >= MaxCachedAnswers)
            {
                _answers.Clear();
            }

            answer = (allowed, now + (allowed ? AllowedFor : DeniedFor));
            _answers[key] = answer;
        }

        return answer.Allowed
            ? GatewaySecretDecision.Allow
            : GatewaySecretDecision.Deny($"RBAC does not let {User(identity)} get secret {@namespace}/{credentialName}");
    }

    private static string User(SpiffeIdentity identity) => $"system:serviceaccount:{identity.Namespace}:{identity.ServiceAccount}";

    /// <summary>The groups the API server gives every service account token.</summary>
    private static IReadOnlyList<string> Groups(SpiffeIdentity identity) =>
        ["system:serviceaccounts", $"system:serviceaccounts:{identity.Namespace}", "system:authenticated"];
}
