using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpsModule.Core.Kubernetes.Config;
using OpsModule.Core.Kubernetes.Exec;
using OpsModule.Core.Kubernetes.Models;
using Polly;

namespace OpsModule.Core.Kubernetes;

/// <summary>
/// Our own small Kubernetes REST client: HttpClient + System.Text.Json, retries through Polly, errors as
/// <see cref="KubernetesApiException"/>. Thread-safe; create one per cluster and reuse it.
/// </summary>
public sealed class KubernetesApiClient : IKubernetesApi
{
    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _http;
    private readonly KubernetesClientOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public KubernetesApiClient(KubernetesClientConfiguration configuration, KubernetesClientOptions? options = null)
        : this(configuration.Server, configuration.CreateHandler(), configuration.Namespace, options)
    {
    }

    /// <param name="handler">Owns TLS and authentication (see <see cref="KubernetesClientConfiguration.CreateHandler"/>); disposed with the client.</param>
    public KubernetesApiClient(Uri server, HttpMessageHandler handler, string defaultNamespace = "default", KubernetesClientOptions? options = null)
    {
        Server = server;
        Handler = handler;
        DefaultNamespace = defaultNamespace;
        _options = options ?? KubernetesClientOptions.Default;
        _pipeline = KubernetesRetryPolicy.Create(_options);
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("OpsModule", typeof(KubernetesApiClient).Assembly.GetName().Version?.ToString(3)));
    }

    public Uri Server { get; }

    /// <summary>
    /// HTTP/2 where the server offers it over TLS (as kubectl does), else HTTP/1.1: a health run's parallel lists and probes then
    /// share one connection and one TLS handshake. Exec keeps HTTP/1.1: its WebSocket upgrade is a separate request.
    /// </summary>
    private HttpRequestMessage NewRequest(HttpMethod method, string pathAndQuery) => new(method, new Uri(Server, pathAndQuery))
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    public string DefaultNamespace { get; }

    /// <summary>The handler carrying TLS and authentication, shared with the WebSocket exec client.</summary>
    public HttpMessageHandler Handler { get; }

    public async Task<ServerVersion> GetVersionAsync(CancellationToken cancellationToken) =>
        await SendForAsync<ServerVersion>(HttpMethod.Get, "/version", null, idempotent: true, cancellationToken);

    public async Task<bool> IsServedAsync(ResourceType type, CancellationToken cancellationToken)
    {
        var path = type.Group.Length == 0 ? $"/api/{type.Version}" : $"/apis/{type.Group}/{type.Version}";
        try
        {
            var list = await SendForAsync<JsonObject>(HttpMethod.Get, path, null, idempotent: true, cancellationToken);
            return list["resources"] is JsonArray resources
                && resources.Any(r => string.Equals((string?)r?["name"], type.Plural, StringComparison.Ordinal));
        }
        catch (KubernetesApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.ServiceUnavailable)
        {
            return false;
        }
    }

    public Task<T> GetAsync<T>(string? @namespace, string name, CancellationToken cancellationToken) where T : KubernetesObject =>
        SendForAsync<T>(HttpMethod.Get, ResourceTypes.For<T>().ItemPath(@namespace, name), null, idempotent: true, cancellationToken);

    public async Task<IReadOnlyList<T>> ListAsync<T>(string? @namespace, ListOptions? options, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        var type = ResourceTypes.For<T>();
        return await ListPagesAsync<KubernetesList<T>, T>(type, @namespace, options, page => (page.Items, page.Metadata.Continue), cancellationToken);
    }

    public Task<T> PatchAsync<T>(string? @namespace, string name, PatchType patchType, JsonNode patch, CancellationToken cancellationToken)
        where T : KubernetesObject =>
        SendForAsync<T>(HttpMethod.Patch, ResourceTypes.For<T>().ItemPath(@namespace, name), PatchContent(patchType, patch), patchType.IsIdempotent(), cancellationToken);

    public Task<JsonObject> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken) =>
        SendForAsync<JsonObject>(HttpMethod.Get, type.ItemPath(@namespace, name), null, idempotent: true, cancellationToken);

    public async Task<IReadOnlyList<JsonObject>> ListAsync(ResourceType type, string? @namespace, ListOptions? options, CancellationToken cancellationToken)
    {
        return await ListPagesAsync<JsonObject, JsonObject>(type, @namespace, options, page =>
        {
            var items = (page["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            foreach (var item in items)
            {
                // List items come without apiVersion/kind; put them back so each item stands on its own (config backups, re-apply).
                item["apiVersion"] ??= type.ApiVersion;
                item["kind"] ??= type.Kind;
            }

            return (items, (string?)page["metadata"]?["continue"]);
        }, cancellationToken);
    }

    public Task<JsonObject> CreateAsync(ResourceType type, string? @namespace, JsonObject body, CancellationToken cancellationToken) =>
        SendForAsync<JsonObject>(HttpMethod.Post, type.CollectionPath(@namespace), () => JsonContent(body), idempotent: false, cancellationToken);

    public Task<JsonObject> ReplaceAsync(ResourceType type, string? @namespace, string name, JsonObject body, CancellationToken cancellationToken) =>
        SendForAsync<JsonObject>(HttpMethod.Put, type.ItemPath(@namespace, name), () => JsonContent(body), idempotent: true, cancellationToken);

    public Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, PatchType patchType, JsonNode patch, CancellationToken cancellationToken) =>
        SendForAsync<JsonObject>(HttpMethod.Patch, type.ItemPath(@namespace, name), PatchContent(patchType, patch), patchType.IsIdempotent(), cancellationToken);

    public async Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Delete, type.ItemPath(@namespace, name), null, idempotent: true, cancellationToken);
            return true;
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    public Task<Scale> GetScaleAsync(ResourceType type, string @namespace, string name, CancellationToken cancellationToken) =>
        SendForAsync<Scale>(HttpMethod.Get, type.ItemPath(@namespace, name) + "/scale", null, idempotent: true, cancellationToken);

    public Task<Scale> SetScaleAsync(ResourceType type, string @namespace, string name, int replicas, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
        return SendForAsync<Scale>(HttpMethod.Patch, type.ItemPath(@namespace, name) + "/scale", PatchContent(PatchType.Merge, patch), idempotent: true, cancellationToken);
    }

    public async Task<ProxyResponse> ProxyGetAsync(
        ProxyTarget target, string @namespace, string name, string? port, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var type = target == ProxyTarget.Service ? ResourceTypes.Services : ResourceTypes.Pods;
        var nameAndPort = string.IsNullOrEmpty(port) ? name : $"{name}:{port}";
        var requestPath = $"{type.CollectionPath(@namespace)}/{Uri.EscapeDataString(nameAndPort)}/proxy/{path.TrimStart('/')}";
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var request = NewRequest(HttpMethod.Get, requestPath);
            using var response = await _http.SendAsync(request, timeoutSource.Token);
            var body = await response.Content.ReadAsStringAsync(timeoutSource.Token);
            stopwatch.Stop();
            Trace("GET", requestPath, response.StatusCode, stopwatch.Elapsed);
            var fromApiServer = !response.IsSuccessStatusCode && TryReadStatus(body, out _, out _);
            return new ProxyResponse(response.StatusCode, body, stopwatch.Elapsed, fromApiServer);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KubernetesApiException(
                $"GET {requestPath} through the API server proxy did not answer within {timeout.TotalSeconds:0.#} s.",
                method: "GET", requestPath: requestPath, innerException: new TimeoutException());
        }
        catch (HttpRequestException e)
        {
            throw ConnectionFailure("GET", requestPath, e);
        }
    }

    public PodExecClient CreateExecClient() => new(Server, Handler);

    public void Dispose() => _http.Dispose();

    private async Task<IReadOnlyList<TItem>> ListPagesAsync<TPage, TItem>(
        ResourceType type, string? @namespace, ListOptions? options, Func<TPage, (List<TItem> Items, string? Continue)> read, CancellationToken cancellationToken)
    {
        options ??= ListOptions.Default;
        var path = type.CollectionPath(@namespace);
        var all = new List<TItem>();
        string? continueToken = null;
        var restarted = false;
        do
        {
            TPage page;
            try
            {
                page = await SendForAsync<TPage>(HttpMethod.Get, path + options.ToQuery(continueToken), null, idempotent: true, cancellationToken);
            }
            catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Gone && continueToken is not null && !restarted)
            {
                // The continue token expired (compaction); a consistent list needs a fresh start.
                Trace("LIST", path, HttpStatusCode.Gone, TimeSpan.Zero);
                all.Clear();
                continueToken = null;
                restarted = true;
                continue;
            }

            var (items, next) = read(page);
            all.AddRange(items);
            continueToken = string.IsNullOrEmpty(next) ? null : next;
        }
        while (continueToken is not null);

        return all;
    }

    private async Task<T> SendForAsync<T>(HttpMethod method, string pathAndQuery, Func<HttpContent>? content, bool idempotent, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, pathAndQuery, content, idempotent, cancellationToken);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync<T>(stream, KubernetesJson.Options, cancellationToken)
                ?? throw new JsonException("empty body");
        }
        catch (JsonException e)
        {
            throw new KubernetesApiException(
                $"{method} {PathOnly(pathAndQuery)} returned a body that is not the expected {typeof(T).Name}: {e.Message}",
                response.StatusCode, method: method.Method, requestPath: PathOnly(pathAndQuery), innerException: e);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string pathAndQuery, Func<HttpContent>? content, bool idempotent, CancellationToken cancellationToken)
    {
        var path = PathOnly(pathAndQuery);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(KubernetesRetryPolicy.Idempotent, idempotent);
        Outcome<HttpResponseMessage> outcome;
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) => await state.Self.AttemptAsync(state.Method, state.PathAndQuery, state.Content, ctx.CancellationToken),
                context,
                (Self: this, Method: method, PathAndQuery: pathAndQuery, Content: content));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        cancellationToken.ThrowIfCancellationRequested();
        switch (outcome.Exception)
        {
            case null:
                break;
            case OperationCanceledException:
                outcome.ThrowIfException();
                break;
            case TimeoutException timeout:
                throw new KubernetesApiException(
                    $"{method} {path} got no answer within {_options.RequestTimeout.TotalSeconds:0.#} s from {Server.GetLeftPart(UriPartial.Authority)}.",
                    method: method.Method, requestPath: path, innerException: timeout) { Server = Server.GetLeftPart(UriPartial.Authority) };
            case HttpRequestException or IOException:
                throw ConnectionFailure(method.Method, path, outcome.Exception);
            default:
                // Credential and kubeconfig failures (exec plugin missing, bad token file) say what to fix themselves.
                outcome.ThrowIfException();
                break;
        }

        var response = outcome.Result!;
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw StatusFailure(method.Method, path, response.StatusCode, body);
        }
    }

    private async Task<Outcome<HttpResponseMessage>> AttemptAsync(
        HttpMethod method, string pathAndQuery, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(_options.RequestTimeout);
        var stopwatch = Stopwatch.StartNew();
        using var request = NewRequest(method, pathAndQuery);
        request.Content = content?.Invoke();
        request.Headers.Accept.Add(JsonMediaType);
        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeoutSource.Token);
            Trace(method.Method, PathOnly(pathAndQuery), response.StatusCode, stopwatch.Elapsed);
            return Outcome.FromResult(response);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Trace(method.Method, PathOnly(pathAndQuery), null, stopwatch.Elapsed);
            return Outcome.FromException<HttpResponseMessage>(new TimeoutException());
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            Trace(method.Method, PathOnly(pathAndQuery), null, stopwatch.Elapsed);
            return Outcome.FromException<HttpResponseMessage>(e);
        }
    }

    private KubernetesApiException ConnectionFailure(string method, string path, Exception e) => new(
        $"Cannot reach the Kubernetes API server at {Server.GetLeftPart(UriPartial.Authority)} ({method} {path}): {e.Message} " +
        "Check that the cluster is up, and the server address and certificates in the kubeconfig.",
        method: method, requestPath: path, innerException: e) { Server = Server.GetLeftPart(UriPartial.Authority) };

    internal static KubernetesApiException StatusFailure(string method, string path, HttpStatusCode status, string body)
    {
        var detail = TryReadStatus(body, out var reason, out var message)
            ? message
            : body.Length > 300 ? body[..300] + "…" : body;
        var hint = status switch
        {
            HttpStatusCode.Unauthorized => " The credentials in the kubeconfig were refused: log in again or refresh the token.",
            HttpStatusCode.Forbidden => " Your identity lacks RBAC permission for this; ask a cluster admin, or check with 'kubectl auth can-i'.",
            _ => string.Empty,
        };
        return new KubernetesApiException(
            $"{method} {path} failed: {(int)status} {reason ?? status.ToString()}: {detail}{hint}".TrimEnd(),
            status, reason ?? status.ToString(), method, path);
    }

    private static bool TryReadStatus(string body, out string? reason, out string? message)
    {
        reason = null;
        message = null;
        try
        {
            if (JsonNode.Parse(body) is JsonObject status && (string?)status["kind"] == "Status")
            {
                reason = (string?)status["reason"];
                message = (string?)status["message"];
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    private static Func<HttpContent> PatchContent(PatchType type, JsonNode patch)
    {
        var json = patch.ToJsonString();
        return () => new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue(type.ContentType()));
    }

    private static HttpContent JsonContent(JsonObject body) =>
        new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private static string PathOnly(string pathAndQuery)
    {
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? pathAndQuery : pathAndQuery[..query];
    }

    private void Trace(string method, string path, HttpStatusCode? status, TimeSpan elapsed) =>
        _options.Trace?.Invoke($"{method} {path} -> {(status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no response")} in {elapsed.TotalMilliseconds:0} ms");
}
