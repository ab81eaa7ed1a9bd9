using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Kube;

/// <summary>
/// The Kubernetes API as raw JSON objects: list (paged), watch (one JSON event per line), get, create, replace,
/// merge patch, server-side apply and delete for any resource, plus TokenReview and SubjectAccessReview with the
/// library's typed models. Every request goes through the KubernetesClient library's pipeline (credentials, TLS,
/// token refresh); every request has a deadline; every refusal becomes a <see cref="KubeApiException"/> carrying
/// the API's Status.
/// </summary>
public sealed class KubeClient : IDisposable
{
    private const string JsonMediaType = "application/json";
    private readonly KubeTransport _kube;
    private readonly ILogger _logger;

    public KubeClient(KubeClusterConfig config, KubeClientOptions? options = null, ILogger<KubeClient>? logger = null)
    {
        Config = config;
        Options = options ?? new KubeClientOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        try
        {
            _kube = new KubeTransport(config.Library);
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            throw new KubeConfigException($"{config.Source}: {KubeConfigException.Describe(e)}", e);
        }
    }

    public KubeClusterConfig Config { get; }

    public KubeClientOptions Options { get; }

    /// <summary>One page of a list.</summary>
    public async Task<KubeList> ListAsync(KubeResourceType type, KubeListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KubeListOptions();
        var query = new QueryBuilder()
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector)
            .Add("limit", options.Limit > 0 ? options.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) : null)
            .Add("continue", options.Continue)
            .Add("resourceVersion", options.ResourceVersion);
        var path = type.CollectionPath(options.Namespace) + query;
        var body = await SendAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false)
            ?? throw new FormatException($"GET {path}: empty response");

        var items = new List<JsonObject>();
        if (body["items"] is JsonArray array)
        {
            foreach (var item in array.ToArray())
            {
                if (item is JsonObject obj)
                {
                    array.Remove(obj);
                    // Lists omit kind/apiVersion on items; fill them so items look like watched objects.
                    obj["kind"] ??= type.Kind;
                    obj["apiVersion"] ??= type.ApiVersion;
                    items.Add(obj);
                }
            }
        }

        var meta = body["metadata"] as JsonObject;
        var rv = meta?["resourceVersion"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        var next = meta?["continue"] is JsonValue c && c.TryGetValue<string>(out var cs) && cs.Length > 0 ? cs : null;
        return new KubeList(items, rv, next);
    }

    /// <summary>
    /// Every page of a list, fetched <see cref="KubeListOptions.Limit"/> at a time. The pages form one consistent
    /// snapshot at the first page's resourceVersion; an expired continue token surfaces as a Gone error.
    /// </summary>
    public async Task<KubeList> ListAllAsync(KubeResourceType type, KubeListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KubeListOptions();
        var items = new List<JsonObject>();
        var page = await ListAsync(type, options with { Continue = null }, cancellationToken).ConfigureAwait(false);
        var rv = page.ResourceVersion;
        items.AddRange(page.Items);
        while (page.Continue is not null)
        {
            page = await ListAsync(type, options with { Continue = page.Continue, ResourceVersion = null }, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
        }

        return new KubeList(items, rv, null);
    }

    /// <summary>
    /// Streams watch events until the server ends the watch (its timeout), the stream breaks, or it stays silent
    /// longer than the timeout plus <see cref="KubeClientOptions.WatchGrace"/>. ERROR events, including 410 Gone,
    /// are thrown as <see cref="KubeApiException"/>.
    /// </summary>
    public async IAsyncEnumerable<KubeWatchEvent> WatchAsync(
        KubeResourceType type,
        KubeWatchOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(options.Timeout.TotalSeconds));
        var query = new QueryBuilder()
            .Add("watch", "true")
            .Add("allowWatchBookmarks", options.AllowBookmarks ? "true" : null)
            .Add("timeoutSeconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("resourceVersion", options.ResourceVersion)
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector);
        var path = type.CollectionPath(options.Namespace) + query;
        var operation = $"watch {type.CollectionPath(options.Namespace)}";
        var silence = TimeSpan.FromSeconds(seconds) + Options.WatchGrace;

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.RequestTimeout);
        using var request = CreateRequest(HttpMethod.Get, path, null, null);
        HttpResponseMessage response;
        try
        {
            response = await SendRawAsync(operation, request, null, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{operation}: no response within {Options.RequestTimeout.TotalSeconds:0.#}s");
        }

        using (response)
        {
            deadline.CancelAfter(silence);
            var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (true)
            {
                string? line;
                try
                {
                    line = await reader.ReadLineAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"{operation}: silent for {silence.TotalSeconds:0.#}s");
                }

                if (line is null)
                {
                    yield break;
                }

                if (line.Length == 0)
                {
                    continue;
                }

                deadline.CancelAfter(silence);
                yield return WatchEventParser.Parse(line, operation);
            }
        }
    }

    /// <summary>One object, or null when it does not exist.</summary>
    public async Task<JsonObject?> GetAsync(KubeResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, type.ObjectPath(@namespace, name), null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>POST: creates the object in the namespace of its metadata; AlreadyExists when taken.</summary>
    public Task<JsonObject> CreateAsync(KubeResourceType type, JsonObject obj, CancellationToken cancellationToken = default) =>
        CreateAsync(type, obj, dryRun: false, cancellationToken);

    /// <summary>
    /// POST, optionally as a dry run (<c>?dryRun=All</c>): the server runs validation and admission webhooks but
    /// stores nothing. A refusal by a webhook surfaces as a <see cref="KubeApiException"/> carrying its message.
    /// </summary>
    public async Task<JsonObject> CreateAsync(KubeResourceType type, JsonObject obj, bool dryRun, CancellationToken cancellationToken = default)
    {
        var path = type.CollectionPath(type.Namespaced ? RequireNamespace(type, obj) : null)
            + new QueryBuilder().Add("dryRun", dryRun ? "All" : null);
        return await SendAsync(HttpMethod.Post, path, obj.ToJsonString(), JsonMediaType, cancellationToken).ConfigureAwait(false)
            ?? throw new FormatException($"POST {path}: empty response");
    }

    /// <summary>PUT: replaces the object; with metadata.resourceVersion set, a concurrent change is a Conflict.</summary>
    public async Task<JsonObject> ReplaceAsync(KubeResourceType type, JsonObject obj, CancellationToken cancellationToken = default)
    {
        var path = type.ObjectPath(type.Namespaced ? RequireNamespace(type, obj) : null, KubeObjectKey.Of(obj).Name);
        return await SendAsync(HttpMethod.Put, path, obj.ToJsonString(), JsonMediaType, cancellationToken).ConfigureAwait(false)
            ?? throw new FormatException($"PUT {path}: empty response");
    }

    /// <summary>JSON merge patch (RFC 7386): fields set are replaced, fields set to null are removed.</summary>
    public async Task<JsonObject> MergePatchAsync(KubeResourceType type, string? @namespace, string name, JsonObject patch, CancellationToken cancellationToken = default)
    {
        var path = type.ObjectPath(@namespace, name);
        return await SendAsync(HttpMethod.Patch, path, patch.ToJsonString(), "application/merge-patch+json", cancellationToken).ConfigureAwait(false)
            ?? throw new FormatException($"PATCH {path}: empty response");
    }

    /// <summary>
    /// Server-side apply: the server merges the fields <paramref name="fieldManager"/> owns; with
    /// <paramref name="force"/> it takes over fields another manager set. Creates the object when missing.
    /// </summary>
    public async Task<JsonObject> ApplyAsync(KubeResourceType type, JsonObject obj, string fieldManager, bool force = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);
        var key = KubeObjectKey.Of(obj);
        var query = new QueryBuilder().Add("fieldManager", fieldManager).Add("force", force ? "true" : null);
        var path = type.ObjectPath(type.Namespaced ? RequireNamespace(type, obj) : null, key.Name) + query;

        // JSON is YAML, so the apply body can be sent as JSON under the apply media type.
        return await SendAsync(HttpMethod.Patch, path, obj.ToJsonString(), "application/apply-patch+yaml", cancellationToken).ConfigureAwait(false)
            ?? throw new FormatException($"PATCH {path}: empty response");
    }

    /// <summary>Deletes the object; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(KubeResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, type.ObjectPath(@namespace, name), null, null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>Asks the API server who a bearer token belongs to (authentication.k8s.io/v1 TokenReview).</summary>
    public async Task<TokenReviewResult> ReviewTokenAsync(string token, IReadOnlyList<string>? audiences = null, CancellationToken cancellationToken = default)
    {
        var review = new V1TokenReview
        {
            ApiVersion = KubeResourceTypes.TokenReviews.ApiVersion,
            Kind = KubeResourceTypes.TokenReviews.Kind,
            Spec = new V1TokenReviewSpec { Token = token, Audiences = audiences is { Count: > 0 } ? audiences.ToList() : null },
        };
        var answer = await CallAsync(
            $"POST {KubeResourceTypes.TokenReviews.CollectionPath(null)}",
            ct => _kube.AuthenticationV1.CreateTokenReviewAsync(review, cancellationToken: ct),
            cancellationToken).ConfigureAwait(false);
        var status = answer?.Status;
        return new TokenReviewResult(
            Authenticated: status?.Authenticated == true,
            Username: status?.User?.Username,
            Uid: status?.User?.Uid,
            Groups: status?.User?.Groups?.ToArray() ?? [],
            Audiences: status?.Audiences?.ToArray() ?? [],
            Error: string.IsNullOrEmpty(status?.Error) ? null : status.Error);
    }

    /// <summary>
    /// Asks the API server whether <paramref name="user"/> (in <paramref name="groups"/>) may <paramref name="verb"/>
    /// the <paramref name="resource"/> named <paramref name="name"/> in <paramref name="namespace"/>
    /// (authorization.k8s.io/v1 SubjectAccessReview); returns status.allowed.
    /// </summary>
    public async Task<bool> ReviewSubjectAccessAsync(string user, IReadOnlyList<string> groups, string @namespace, string verb, string resource, string name, CancellationToken cancellationToken = default)
    {
        var review = new V1SubjectAccessReview
        {
            ApiVersion = "authorization.k8s.io/v1",
            Kind = "SubjectAccessReview",
            Spec = new V1SubjectAccessReviewSpec
            {
                User = user,
                Groups = groups.ToList(),
                ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = @namespace, Verb = verb, Resource = resource, Name = name },
            },
        };
        var answer = await CallAsync(
            "POST /apis/authorization.k8s.io/v1/subjectaccessreviews",
            ct => _kube.AuthorizationV1.CreateSubjectAccessReviewAsync(review, cancellationToken: ct),
            cancellationToken).ConfigureAwait(false);
        return answer?.Status?.Allowed == true;
    }

    public void Dispose() => _kube.Dispose();

    private static string RequireNamespace(KubeResourceType type, JsonObject obj) =>
        KubeObjects.Namespace(obj) is { Length: > 0 } ns
            ? ns
            : throw new ArgumentException($"{type.Kind} {KubeObjects.Name(obj)} is namespaced but has no metadata.namespace", nameof(obj));

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, string? body, string? contentType)
    {
        // Relative to the server URL, so a server behind a path prefix (a proxy, Rancher) keeps its prefix.
        var request = new HttpRequestMessage(method, new Uri(_kube.BaseUri, path.TrimStart('/')));
        request.Headers.UserAgent.ParseAdd(Options.UserAgent);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? JsonMediaType);
        }

        return request;
    }

    /// <summary>A request of ours through the library's pipeline; its errors become ours.</summary>
    private async Task<HttpResponseMessage> SendRawAsync(string operation, HttpRequestMessage request, string? body, CancellationToken cancellationToken)
    {
        try
        {
            return await _kube.SendAsync(request, body, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw KubeApiException.FromHttpOperation(operation, e);
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            throw CredentialsFailed(e);
        }
    }

    /// <summary>A typed call of the library, under our deadline and with our errors.</summary>
    private async Task<T> CallAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.RequestTimeout);
        try
        {
            return await call(deadline.Token).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw KubeApiException.FromHttpOperation(operation, e);
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            throw CredentialsFailed(e);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{operation}: response is not JSON: {e.Message}", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            KubeLog.RequestTimedOut(_logger, operation, Options.RequestTimeout.TotalSeconds);
            throw new TimeoutException($"{operation}: no answer within {Options.RequestTimeout.TotalSeconds:0.#}s");
        }
    }

    /// <summary>An exec plugin, OIDC refresh or token file failed while the library fetched credentials for a request.</summary>
    private KubeConfigException CredentialsFailed(k8s.Exceptions.KubeConfigException e)
    {
        var why = KubeConfigException.Describe(e);
        KubeLog.CredentialsFailed(_logger, Config.Source, why);
        return new KubeConfigException($"{Config.Source}: cannot get credentials: {why}", e);
    }

    private async Task<JsonObject?> SendAsync(HttpMethod method, string path, string? body, string? contentType, CancellationToken cancellationToken)
    {
        var operation = $"{method} {path}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.RequestTimeout);
        using var request = CreateRequest(method, path, body, contentType);
        try
        {
            using var response = await SendRawAsync(operation, request, body, deadline.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            try
            {
                return JsonNode.Parse(text) as JsonObject ?? throw new FormatException($"{operation}: response is not a JSON object");
            }
            catch (JsonException e)
            {
                throw new FormatException($"{operation}: response is not JSON: {e.Message}", e);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            KubeLog.RequestTimedOut(_logger, operation, Options.RequestTimeout.TotalSeconds);
            throw new TimeoutException($"{operation}: no answer within {Options.RequestTimeout.TotalSeconds:0.#}s");
        }
    }
}
