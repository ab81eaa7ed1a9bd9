using System.Text.Json;
using System.Text.Json.Nodes;
using Istiod.Net.Config.Parsing;

namespace Istiod.Net.Admission;

/// <summary>
/// Turns an AdmissionReview (admission.k8s.io/v1 or v1beta1) into its response: CREATE and UPDATE of a
/// kind in the schema table are validated; every other operation and kind is allowed, because the
/// webhook's job is to stop bad Istio config, not to gate the rest of the cluster.
/// </summary>
public sealed class AdmissionReviewHandler(ConfigParser parser)
{
    public const string DenialPrefix = "configuration is invalid: ";

    private static readonly string[] ReviewVersions = ["admission.k8s.io/v1", "admission.k8s.io/v1beta1"];

    /// <summary>The response document, or the problem that makes the body unanswerable (a 4xx).</summary>
    public (JsonObject? Response, AdmissionProblem? Problem, AdmissionDecision? Decision) Handle(ReadOnlySpan<byte> body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException e)
        {
            return (null, new AdmissionProblem(400, $"malformed JSON: {e.Message}"), null);
        }

        if (root is not JsonObject review)
        {
            return (null, new AdmissionProblem(400, "expected an AdmissionReview object"), null);
        }

        var apiVersion = StringAt(review, "apiVersion");
        if (apiVersion is null || !ReviewVersions.Contains(apiVersion))
        {
            return (null, new AdmissionProblem(400, $"apiVersion must be one of {string.Join(", ", ReviewVersions)}, got {apiVersion ?? "nothing"}"), null);
        }

        if (StringAt(review, "kind") != "AdmissionReview")
        {
            return (null, new AdmissionProblem(400, "kind must be AdmissionReview"), null);
        }

        if (review["request"] is not JsonObject request)
        {
            return (null, new AdmissionProblem(400, "request is missing"), null);
        }

        var uid = StringAt(request, "uid");
        if (string.IsNullOrEmpty(uid))
        {
            return (null, new AdmissionProblem(400, "request.uid is missing"), null);
        }

        var decision = Decide(request);
        return (Respond(apiVersion, uid, decision), null, decision);
    }

    private AdmissionDecision Decide(JsonObject request)
    {
        var operation = StringAt(request, "operation");
        if (operation is not ("CREATE" or "UPDATE"))
        {
            return AdmissionDecision.Allow();
        }

        if (request["object"] is not JsonObject obj)
        {
            return new AdmissionDecision(false, DenialPrefix + "request.object is missing", []);
        }

        // The object usually carries its namespace; when it does not, the request's is the one it gets.
        var parsed = new ConfigParser(parser.Schemas, parser.Options with
        {
            DefaultNamespace = StringAt(request, "namespace") ?? parser.Options.DefaultNamespace,
        }).ParseObject(obj.DeepClone(), "admission");
        var warnings = parsed.Warnings.Select(w => w.ToString()).ToArray();
        return parsed.Outcome switch
        {
            ParseOutcome.Accepted => AdmissionDecision.Allow(warnings),
            ParseOutcome.Skipped => AdmissionDecision.Allow(),
            _ => new AdmissionDecision(false, DenialPrefix + string.Join("; ", parsed.Errors.Select(e => e.ToString())), warnings),
        };
    }

    private static JsonObject Respond(string apiVersion, string uid, AdmissionDecision decision)
    {
        var response = new JsonObject { ["uid"] = uid, ["allowed"] = decision.Allowed };
        if (decision.Message is not null)
        {
            response["status"] = new JsonObject { ["code"] = 400, ["message"] = decision.Message };
        }

        if (decision.Warnings.Count > 0)
        {
            response["warnings"] = new JsonArray(decision.Warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray());
        }

        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "AdmissionReview", ["response"] = response };
    }

    private static string? StringAt(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
