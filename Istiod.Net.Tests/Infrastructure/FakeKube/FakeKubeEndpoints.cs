using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Istiod.Net.Tests.Infrastructure.FakeKube;

/// <summary>
/// The HTTP face of the fake API server: parses /api and /apis paths, serves list (paged), watch (chunked JSON
/// lines), get, create, replace, merge patch, apply, delete, TokenReview and SubjectAccessReview, and applies the faults the test set.
/// </summary>
internal sealed class FakeKubeEndpoints
{
    private readonly FakeKubeApiServer _server;

    public FakeKubeEndpoints(FakeKubeApiServer server) => _server = server;

    public async Task HandleAsync(HttpContext context, CancellationToken serverStopping)
    {
        var request = Record(context);
        _server.Recorded(request);
        try
        {
            if (_server.FailWith?.Invoke(request) is { } injected)
            {
                throw new FakeKubeError(injected, injected == 503 ? "ServiceUnavailable" : "InternalError", "fault injected by the test");
            }

            var delay = _server.ResponseDelay;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            if (_server.RequiredToken is { } token && request.Authorization != $"Bearer {token}")
            {
                throw new FakeKubeError(401, "Unauthorized", "Unauthorized");
            }

            await RouteAsync(context, request, serverStopping);
        }
        catch (FakeKubeError e)
        {
            if (!context.Response.HasStarted)
            {
                await WriteStatusAsync(context, e.Code, e.Reason, e.Message);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the server is stopping.
        }
    }

    private async Task RouteAsync(HttpContext context, FakeKubeRequest request, CancellationToken serverStopping)
    {
        var path = request.Path;
        if (request.Method == "POST" && path == "/apis/authentication.k8s.io/v1/tokenreviews")
        {
            await WriteJsonAsync(context, 201, _server.Review(await ReadBodyAsync(context)));
            return;
        }

        if (request.Method == "POST" && path == "/apis/authorization.k8s.io/v1/subjectaccessreviews")
        {
            await WriteJsonAsync(context, 201, _server.ReviewAccess(await ReadBodyAsync(context)));
            return;
        }

        if (!TryParse(path, out var resource, out var ns, out var name))
        {
            throw new FakeKubeError(404, "NotFound", $"the server could not find the requested resource ({path})");
        }

        if (_server.Serves is { } serves && !serves(resource))
        {
            throw new FakeKubeError(404, "NotFound", $"the server could not find the requested resource ({path})");
        }

        var store = _server.Store;
        var kind = _server.KindOf(resource);
        switch (request.Method)
        {
            case "GET" when request.IsWatch && name is null:
                await WatchAsync(context, request, resource, kind, ns, serverStopping);
                return;
            case "GET" when name is null:
                await ListAsync(context, request, resource, kind, ns);
                return;
            case "GET":
                await WriteJsonAsync(context, 200, store.Get(resource, ns, name)
                    ?? throw new FakeKubeError(404, "NotFound", $"{resource.Plural} \"{name}\" not found"));
                return;
            case "POST" when name is null:
                await CreateAsync(context, request, resource, kind, ns);
                return;
            case "PUT" when name is not null:
                await WriteJsonAsync(context, 200, store.Replace(resource, ns, name, await ReadBodyAsync(context)));
                return;
            case "PATCH" when name is not null:
                await PatchAsync(context, request, resource, kind, ns, name);
                return;
            case "DELETE" when name is not null:
                store.Delete(resource, ns, name);
                await WriteJsonAsync(context, 200, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Success" });
                return;
            default:
                throw new FakeKubeError(405, "MethodNotAllowed", $"{request.Method} is not supported on {path}");
        }
    }

    private async Task CreateAsync(HttpContext context, FakeKubeRequest request, FakeResource resource, string kind, string? ns)
    {
        var body = await ReadBodyAsync(context);
        if (_server.Admit?.Invoke(resource, body) is { } denial)
        {
            // The API server's wording for a validating webhook's refusal.
            throw new FakeKubeError(400, "BadRequest", $"admission webhook \"validation.fake\" denied the request: {denial}");
        }

        if (request.Param("dryRun") == "All")
        {
            var echo = (JsonObject)body.DeepClone();
            echo["kind"] ??= kind;
            echo["apiVersion"] ??= resource.ApiVersion;
            await WriteJsonAsync(context, 201, echo);
            return;
        }

        await WriteJsonAsync(context, 201, _server.Store.Create(resource, kind, ns, body));
    }

    private async Task PatchAsync(HttpContext context, FakeKubeRequest request, FakeResource resource, string kind, string? ns, string name)
    {
        var body = await ReadBodyAsync(context);
        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, 200, _server.Store.Patch(resource, ns, name, body));
            return;
        }

        if (contentType.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal))
        {
            if (string.IsNullOrEmpty(request.Param("fieldManager")))
            {
                throw new FakeKubeError(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
            }

            await WriteJsonAsync(context, 200, _server.Store.Apply(resource, kind, ns, name, body));
            return;
        }

        throw new FakeKubeError(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/apply-patch+yaml (got {contentType})");
    }

    private async Task ListAsync(HttpContext context, FakeKubeRequest request, FakeResource resource, string kind, string? ns)
    {
        var limit = int.TryParse(request.Param("limit"), out var l) ? l : 0;
        var (items, version, next) = _server.Store.List(resource, ns, limit, request.Param("continue"));

        // Stored objects stay owned by the store: the body is written as text rather than re-parented into a JsonArray.
        var meta = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) };
        if (next is not null)
        {
            meta["continue"] = next;
        }

        var text = new StringBuilder();
        text.Append("{\"kind\":\"").Append(kind).Append("List\",\"apiVersion\":\"").Append(resource.ApiVersion)
            .Append("\",\"metadata\":").Append(meta.ToJsonString()).Append(",\"items\":[");
        for (var i = 0; i < items.Count; i++)
        {
            var item = (JsonObject)items[i].DeepClone();
            item.Remove("kind");
            item.Remove("apiVersion");
            text.Append(i == 0 ? "" : ",").Append(item.ToJsonString());
        }

        text.Append("]}");
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }

    private async Task WatchAsync(HttpContext context, FakeKubeRequest request, FakeResource resource, string kind, string? ns, CancellationToken serverStopping)
    {
        var rv = request.Param("resourceVersion");
        long? from = null;
        if (!string.IsNullOrEmpty(rv) && rv != "0")
        {
            from = long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new FakeKubeError(400, "BadRequest", $"resourceVersion '{rv}' is not a number");
        }

        var timeout = int.TryParse(request.Param("timeoutSeconds"), out var t) ? TimeSpan.FromSeconds(t) : TimeSpan.FromMinutes(30);
        var bookmarks = request.Param("allowWatchBookmarks") == "true";

        FakeWatcher watcher;
        try
        {
            watcher = _server.Store.Watch(resource, kind, ns, from, bookmarks);
        }
        catch (FakeKubeError gone) when (gone.Code == 410 && !_server.GoneAsHttpStatus)
        {
            // What the real API server does: the watch starts, then reports Gone as an ERROR event.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            var error = new JsonObject
            {
                ["type"] = "ERROR",
                ["object"] = Status(410, "Expired", gone.Message),
            };
            await context.Response.WriteAsync(error.ToJsonString() + "\n", context.RequestAborted);
            return;
        }

        watcher.Abort = context.Abort;
        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, serverStopping);
        end.CancelAfter(timeout);
        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(end.Token);
            await context.Response.Body.FlushAsync(end.Token);
            await foreach (var line in watcher.Lines.ReadAllAsync(end.Token))
            {
                if (_server.SplitWatchEvents && line.Length > 1)
                {
                    await context.Response.WriteAsync(line[..(line.Length / 2)], end.Token);
                    await context.Response.Body.FlushAsync(end.Token);
                    await context.Response.WriteAsync(line[(line.Length / 2)..] + "\n", end.Token);
                }
                else
                {
                    await context.Response.WriteAsync(line + "\n", end.Token);
                }

                await context.Response.Body.FlushAsync(end.Token);
            }
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested && !serverStopping.IsCancellationRequested)
        {
            // timeoutSeconds ran out: end the stream cleanly, as the API server does.
        }
        finally
        {
            _server.Store.Unwatch(watcher);
            watcher.Complete();
        }

        if (serverStopping.IsCancellationRequested)
        {
            context.Abort();
        }
    }

    private static FakeKubeRequest Record(HttpContext context)
    {
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        return new FakeKubeRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            query,
            context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null,
            context.Request.ContentType,
            context.Connection.ClientCertificate?.Subject);
    }

    /// <summary>/api/v1[/namespaces/ns]/plural[/name] and /apis/group/version[/namespaces/ns]/plural[/name].</summary>
    private static bool TryParse(string path, out FakeResource resource, out string? ns, out string? name)
    {
        resource = default;
        ns = null;
        name = null;
        var parts = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        string group, version;
        int rest;
        if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, version, rest) = ("", parts[1], 2);
        }
        else if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, version, rest) = (parts[1], parts[2], 3);
        }
        else
        {
            return false;
        }

        var tail = parts[rest..];
        if (tail.Length >= 3 && tail[0] == "namespaces")
        {
            ns = tail[1];
            tail = tail[2..];
        }

        if (tail.Length is < 1 or > 2)
        {
            return false;
        }

        resource = new FakeResource(group, version, tail[0]);
        name = tail.Length == 2 ? tail[1] : null;
        return true;
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new FakeKubeError(400, "BadRequest", "the body is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new FakeKubeError(400, "BadRequest", $"the body is not JSON: {e.Message}");
        }
    }

    private static Task WriteJsonAsync(HttpContext context, int code, JsonObject body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static Task WriteStatusAsync(HttpContext context, int code, string reason, string message) =>
        WriteJsonAsync(context, code, Status(code, reason, message));

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };
}
