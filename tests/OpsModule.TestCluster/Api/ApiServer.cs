using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpsModule.TestCluster.Selectors;
using OpsModule.TestCluster.Security;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Api;

/// <summary>The HTTP front of the test cluster: logging, fault injection, authentication, authorization, then the REST verbs.</summary>
internal sealed class ApiServer
{
    private readonly TestCluster _cluster;
    private readonly ClusterEngine _engine;
    private readonly Authenticator _authenticator;
    private readonly ProxyHandler _proxy;

    public ApiServer(TestCluster cluster, ClusterEngine engine, Authenticator authenticator)
    {
        _cluster = cluster;
        _engine = engine;
        _authenticator = authenticator;
        _proxy = new ProxyHandler(engine);
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var faultRequest = new FaultRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "");
        _cluster.LogRequest(faultRequest.ToString(), new RequestTransport(request.Protocol, context.Connection.Id));
        try
        {
            var latency = _cluster.Faults.LatencyFor(faultRequest);
            if (latency > TimeSpan.Zero) await Task.Delay(latency, context.RequestAborted);
            if (_cluster.Faults.Take(faultRequest) is { } fault)
            {
                await InjectAsync(context, fault);
                return;
            }
            var user = await _authenticator.AuthenticateAsync(context);
            if (user is null) throw StatusBodies.Unauthorized();
            var api = RequestParser.Parse(request, _engine.MetricsAvailable);
            if (api?.Type is { } type && _cluster.Faults.IsForbidden(api.Verb, api.RbacResource, api.Namespace))
                throw StatusBodies.Forbidden(user, api.Verb, type, api.RbacResource, api.Namespace);
            if (context.GetEndpoint() is not null)
            {
                await next(context);
                return;
            }
            await DispatchAsync(context, api);
        }
        catch (ApiException error)
        {
            await Responses.WriteStatusAsync(context, error);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private static async Task InjectAsync(HttpContext context, PendingFault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.ConnectionReset:
                context.Abort();
                return;
            case FaultKind.Throttle:
                await Responses.WriteStatusAsync(context, new ApiException(429, "TooManyRequests",
                    "the server has received too many requests and has asked us to try again later",
                    new JsonObject { ["retryAfterSeconds"] = fault.RetryAfterSeconds }, fault.RetryAfterSeconds));
                return;
            default:
                var reason = fault.StatusCode switch
                {
                    503 => "ServiceUnavailable",
                    504 => "Timeout",
                    _ => "InternalError",
                };
                await Responses.WriteStatusAsync(context, new ApiException(fault.StatusCode, reason,
                    fault.StatusCode == 500 ? "Internal error occurred: injected fault" : "injected fault"));
                return;
        }
    }

    private async Task DispatchAsync(HttpContext context, ApiRequest? api)
    {
        var path = context.Request.Path.Value?.TrimEnd('/') ?? "";
        if (api is null)
        {
            await NonResourceAsync(context, path);
            return;
        }
        if (api.Type is null)
        {
            if (context.Request.Method != "GET") throw StatusBodies.MethodNotAllowed();
            await Responses.WriteJsonAsync(context, 200, Discovery.Resources(api.Group, api.Version));
            return;
        }
        var type = api.Type;
        var method = context.Request.Method;
        if (api.Subresource == "proxy")
        {
            await _proxy.HandleAsync(context, api);
            return;
        }
        if (api.Subresource == "log")
        {
            await LogAsync(context, api);
            return;
        }
        if (api.Subresource == "eviction")
        {
            if (method != "POST") throw StatusBodies.MethodNotAllowed();
            var eviction = await ReadObjectAsync(context);
            var status = _engine.Mutate(() => EvictionHandler.EvictLocked(_engine, api.Namespace!, api.Name!, eviction));
            await Responses.WriteJsonAsync(context, 201, status);
            return;
        }
        if (api.Subresource == "exec") throw StatusBodies.BadRequest("exec requires a WebSocket (or SPDY) upgrade");
        if (type.Group == ResourceCatalog.MetricsGroup && method != "GET") throw StatusBodies.MethodNotAllowed();
        switch (method)
        {
            case "GET" when api.Name is null && RequestParser.IsWatch(context.Request.Query):
                await WatchHandler.HandleAsync(context, _engine, api);
                return;
            case "GET" when api.Name is null:
                await ListAsync(context, api);
                return;
            case "GET":
                await GetAsync(context, api);
                return;
            case "POST" when api.Name is null:
                {
                    var body = await ReadObjectAsync(context);
                    var created = _engine.Mutate(() => Snapshot(_engine.CreateLocked(type, api.Namespace, body, fromApi: true), type));
                    await Responses.WriteBytesAsync(context, 201, created);
                    return;
                }
            case "PUT" when api.Name is not null:
                {
                    var body = await ReadObjectAsync(context);
                    var result = _engine.Mutate(() => api.Subresource switch
                    {
                        "scale" => Scale(_engine.SetReplicasLocked(type, _engine.GetOrThrow(type, api.Namespace, api.Name), body)),
                        "status" => Snapshot(_engine.ReplaceStatusLocked(type, _engine.GetOrThrow(type, api.Namespace, api.Name), body), type),
                        _ => Snapshot(_engine.ReplaceLocked(type, api.Namespace, api.Name, body, fromApi: true), type),
                    });
                    await Responses.WriteBytesAsync(context, 200, result);
                    return;
                }
            case "PATCH" when api.Name is not null:
                {
                    var body = await ReadBodyAsync(context);
                    var contentType = context.Request.ContentType ?? "";
                    var result = _engine.Mutate(() =>
                    {
                        var patched = _engine.PatchLocked(type, api.Namespace, api.Name, contentType, body, api.Subresource);
                        return api.Subresource == "scale" ? Scale(patched) : Snapshot(patched, type);
                    });
                    await Responses.WriteBytesAsync(context, 200, result);
                    return;
                }
            case "DELETE" when api.Name is not null && api.Subresource is null:
                {
                    var options = await ReadOptionalObjectAsync(context);
                    var result = _engine.Mutate(() => Snapshot(_engine.DeleteLocked(type, api.Namespace, api.Name, options), type));
                    await Responses.WriteBytesAsync(context, 200, result);
                    return;
                }
            case "DELETE" when api.Name is null:
                await DeleteCollectionAsync(context, api);
                return;
            default:
                throw StatusBodies.MethodNotAllowed();
        }
    }

    private async Task NonResourceAsync(HttpContext context, string path)
    {
        switch (path)
        {
            case "/version":
                await Responses.WriteJsonAsync(context, 200, Discovery.Version());
                return;
            case "/api":
                await Responses.WriteJsonAsync(context, 200, Discovery.CoreVersions(_cluster.Url.Authority));
                return;
            case "/apis":
                await Responses.WriteJsonAsync(context, 200, Discovery.Groups(_engine.MetricsAvailable));
                return;
            case "/healthz" or "/livez" or "/readyz":
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("ok", context.RequestAborted);
                return;
        }
        var segments = path.Trim('/').Split('/');
        if (segments is ["apis", var group])
        {
            await Responses.WriteJsonAsync(context, 200, Discovery.Group(group, _engine.MetricsAvailable));
            return;
        }
        // /openapi/v2, /openapi/v3 and anything else: like a server with OpenAPI disabled.
        context.Response.StatusCode = 404;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("404 page not found\n", context.RequestAborted);
    }

    private async Task GetAsync(HttpContext context, ApiRequest api)
    {
        var type = api.Type!;
        var table = api.Subresource is null && TableConverter.Wants(context.Request.Headers.Accept.ToString());
        var includeObject = context.Request.Query["includeObject"] == "Object";
        var body = _engine.Read(() =>
        {
            var stored = _engine.GetOrThrow(type, api.Namespace, api.Name!);
            if (table) return JsonPaths.Serialize(TableConverter.Convert(type, [stored], _engine.Store.ResourceVersion, includeObject, null));
            return api.Subresource == "scale" ? Scale(stored) : ListRenderer.Render(stored, type);
        });
        await Responses.WriteBytesAsync(context, 200, body);
    }

    private async Task ListAsync(HttpContext context, ApiRequest api)
    {
        var type = api.Type!;
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], type);
        var limit = int.TryParse(query["limit"], out var parsedLimit) ? parsedLimit : 0;
        if (TableConverter.Wants(context.Request.Headers.Accept.ToString()))
        {
            var includeObject = query["includeObject"] == "Object";
            var table = _engine.Read(() => JsonPaths.Serialize(TableConverter.Convert(type,
                _engine.Store.List(type, api.Namespace).Where(o => labels.Matches(o.Object) && fields.Matches(o.Object)),
                _engine.Store.ResourceVersion, includeObject, null)));
            await Responses.WriteBytesAsync(context, 200, table);
            return;
        }
        var body = _engine.Read(() => ListRenderer.RenderList(_engine.Store, type, api.Namespace, labels, fields, limit, query["continue"]));
        await Responses.WriteBytesAsync(context, 200, body);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ApiRequest api)
    {
        var type = api.Type!;
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], type);
        var body = _engine.Mutate(() =>
        {
            foreach (var obj in _engine.Store.List(type, api.Namespace).Where(o => labels.Matches(o.Object) && fields.Matches(o.Object)).ToList())
                _engine.DeleteLocked(type, obj.Namespace, obj.Name, null);
            return ListRenderer.RenderList(_engine.Store, type, api.Namespace, labels, fields, 0, null);
        });
        await Responses.WriteBytesAsync(context, 200, body);
    }

    private async Task LogAsync(HttpContext context, ApiRequest api)
    {
        var text = _engine.Read(() =>
        {
            _engine.GetOrThrow(api.Type!, api.Namespace, api.Name!);
            return _cluster.PodLogFor(api.Namespace!, api.Name!);
        });
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text, context.RequestAborted);
    }

    private static byte[] Snapshot(StoredObject stored, ResourceType type) => ListRenderer.Render(stored, type);

    private static byte[] Scale(StoredObject stored) => JsonPaths.Serialize(ClusterEngine.ScaleOf(stored));

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context) =>
        await ReadOptionalObjectAsync(context) ?? throw StatusBodies.BadRequest("the request body is empty; expected a JSON object");

    private static async Task<JsonObject?> ReadOptionalObjectAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context);
        if (body.Length == 0) return null;
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw StatusBodies.BadRequest("the request body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw StatusBodies.BadRequest($"error decoding request body: {e.Message}");
        }
    }
}
