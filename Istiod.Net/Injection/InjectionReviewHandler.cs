using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Istiod.Net.Injection;

/// <summary>
/// AdmissionReview v1 in, AdmissionReview out with a JSONPatch. Injection problems never refuse the pod:
/// the answer is "allowed, unchanged" with a warning, so a bad annotation cannot block a rollout.
/// The webhook configuration's namespaceSelector only sends pods of opted-in namespaces, so the namespace
/// counts as opted in unless the caller says otherwise.
/// </summary>
public sealed class InjectionReviewHandler(SidecarInjector injector, bool namespaceOptedIn = true)
{
    /// <summary>The response body, or an error text (the body is not an AdmissionReview) for a 400.</summary>
    public (JsonObject? Response, string? Problem, SidecarInjectionResult? Result) Handle(ReadOnlySpan<byte> body)
    {
        JsonObject review;
        try
        {
            review = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException e)
        {
            return (null, $"body is not an AdmissionReview: {e.Message}", null);
        }

        if (review["request"] is not JsonObject request || request["uid"] is not JsonValue uidValue || !uidValue.TryGetValue(out string? uid))
        {
            return (null, "AdmissionReview has no request.uid", null);
        }

        if (request["object"] is { } podNode && podNode is not JsonObject)
        {
            return (null, $"AdmissionReview request.object: expected an object, got {podNode.GetValueKind().ToString().ToLowerInvariant()}", null);
        }

        var apiVersion = review["apiVersion"] is JsonValue version && version.TryGetValue(out string? text) ? text : "admission.k8s.io/v1";
        if (request["object"] is not JsonObject pod)
        {
            return (Allowed(apiVersion, uid, null, "no pod in request.object: not injected"), null, null);
        }

        if (PodShape.Problem(review, request, pod) is { } shape)
        {
            return (null, $"AdmissionReview {shape}", null);
        }

        var podNamespace = request["namespace"]?.ToString() is { Length: > 0 } ns
            ? ns
            : pod["metadata"]?["namespace"]?.ToString() is { Length: > 0 } own ? own : "default";
        var namespaceLabels = namespaceOptedIn
            ? new Dictionary<string, string> { [InjectionNames.NamespaceLabel] = "enabled" }
            : null;
        try
        {
            var result = injector.Inject(pod, podNamespace, namespaceLabels);
            var patch = result.Injected ? JsonPatch.Between(pod, result.Pod) : null;
            return (Allowed(apiVersion, uid, patch, null), null, result);
        }
        catch (SidecarInjectionException e)
        {
            return (Allowed(apiVersion, uid, null, $"sidecar not injected: {e.Message}"), null, null);
        }
    }

    private static JsonObject Allowed(string apiVersion, string uid, JsonArray? patch, string? warning)
    {
        var response = new JsonObject { ["uid"] = uid, ["allowed"] = true };
        if (patch is not null)
        {
            response["patchType"] = "JSONPatch";
            response["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch.ToJsonString()));
        }

        if (warning is not null)
        {
            response["warnings"] = new JsonArray(warning);
        }

        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "AdmissionReview", ["response"] = response };
    }
}
