using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Autorest;

namespace Istiod.Net.Kube;

/// <summary>
/// The API server refused a request. Carries the HTTP code and the reason and message of the Status object the
/// server sent (or of a watch ERROR event), so callers can tell Gone from Conflict from NotFound.
/// </summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(string operation, int statusCode, string? reason, string? apiMessage, JsonObject? status = null)
        : base(Describe(operation, statusCode, reason, apiMessage))
    {
        Operation = operation;
        StatusCode = statusCode;
        Reason = reason;
        ApiMessage = apiMessage;
        Status = status;
    }

    /// <summary>"GET /api/v1/pods" or "watch /api/v1/pods".</summary>
    public string Operation { get; }

    public int StatusCode { get; }

    /// <summary>The Status reason: NotFound, AlreadyExists, Conflict, Expired, Gone, Forbidden, ...</summary>
    public string? Reason { get; }

    public string? ApiMessage { get; }

    public JsonObject? Status { get; }

    /// <summary>The resourceVersion or continue token is too old: list again from scratch.</summary>
    public bool IsGone => StatusCode == (int)HttpStatusCode.Gone || Reason is "Expired" or "Gone";

    public bool IsNotFound => StatusCode == (int)HttpStatusCode.NotFound;

    public bool IsConflict => StatusCode == (int)HttpStatusCode.Conflict;

    public bool IsAlreadyExists => IsConflict && Reason == "AlreadyExists";

    /// <summary>Built from a Status object (HTTP body or watch ERROR event); tolerates missing fields.</summary>
    public static KubeApiException FromStatus(string operation, int httpStatus, JsonObject? status)
    {
        var code = status?["code"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : httpStatus;
        var reason = status?["reason"] is JsonValue r && r.TryGetValue<string>(out var rs) ? rs : null;
        var message = status?["message"] is JsonValue m && m.TryGetValue<string>(out var ms) ? ms : null;
        return new KubeApiException(operation, code, reason, message, status);
    }

    /// <summary>
    /// The library's error for a non-2xx answer, as ours: the Status object of its body when it is one, else the
    /// status line and the start of the text (a proxy in between, or a broken body).
    /// </summary>
    public static KubeApiException FromHttpOperation(string operation, HttpOperationException error)
    {
        var response = error.Response;
        var code = response is null ? 0 : (int)response.StatusCode;
        var raw = response?.Content;
        JsonObject? status = null;
        try
        {
            status = string.IsNullOrWhiteSpace(raw) ? null : JsonNode.Parse(raw) as JsonObject;
        }
        catch (JsonException)
        {
        }

        if (status is not null)
        {
            return FromStatus(operation, code, status);
        }

        var text = string.IsNullOrWhiteSpace(raw) ? response?.ReasonPhrase : raw.Trim();
        return new KubeApiException(operation, code, response?.ReasonPhrase, text?.Length > 300 ? text[..300] : text);
    }

    private static string Describe(string operation, int statusCode, string? reason, string? message)
    {
        var text = $"{operation}: {statusCode}";
        if (!string.IsNullOrEmpty(reason))
        {
            text += $" {reason}";
        }

        return string.IsNullOrEmpty(message) ? text : $"{text}: {message}";
    }
}
