using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpsModule.TestCluster.Controllers;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Api;

/// <summary>
/// services/{name[:port]}/proxy/{path} (round robin over ready endpoints) and pods/{name[:port]}/proxy/{path},
/// answered by the simulated HTTP handler of the chosen pod.
/// </summary>
internal sealed class ProxyHandler
{
    private static readonly ResourceType Pods = ResourceCatalog.Core("pods");
    private static readonly ResourceType Services = ResourceCatalog.Core("services");
    private static readonly ResourceType Endpoints = ResourceCatalog.Core("endpoints");
    private readonly ClusterEngine _engine;
    private readonly Dictionary<string, int> _roundRobin = new(StringComparer.Ordinal);

    public ProxyHandler(ClusterEngine engine) => _engine = engine;

    public async Task HandleAsync(HttpContext context, ApiRequest api)
    {
        var (name, port) = SplitNameAndPort(api.Name ?? throw StatusBodies.MethodNotAllowed());
        var ns = api.Namespace ?? throw StatusBodies.UnknownResource();
        var (pod, handler) = _engine.Read(() => api.Type!.Kind == "Service" ? PickEndpoint(ns, name, port, Path(api)) : PickPod(ns, name, Path(api)));
        var body = await ReadBodyAsync(context);
        var headers = context.Request.Headers.Where(h => !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new PodHttpRequest(context.Request.Method, Path(api),
            context.Request.QueryString.Value ?? "", ns, JsonPaths.Str(pod, "metadata", "name") ?? "", port, headers, body, pod);
        var response = handler is null ? PodHttpResponse.Ok() : await handler(request);
        if (response.Delay > TimeSpan.Zero) await Task.Delay(response.Delay, context.RequestAborted);
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        foreach (var (key, value) in response.Headers) context.Response.Headers[key] = value;
        var bytes = Encoding.UTF8.GetBytes(response.Body);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private (JsonObject Pod, Func<PodHttpRequest, Task<PodHttpResponse>>? Handler) PickEndpoint(string ns, string name, string? port, string path)
    {
        var service = _engine.GetOrThrow(Services, ns, name);
        var endpoints = _engine.Store.Get(Endpoints, ns, name);
        var servicePort = port is null ? null : JsonPaths.Objects(JsonPaths.Walk(service.Object, "spec", "ports"))
            .FirstOrDefault(p => JsonPaths.Str(p, "name") == port || JsonPaths.Str(p, "port") == port);
        if (port is not null && servicePort is null)
            throw StatusBodies.ServiceUnavailable($"no endpoints available for service \"{name}\"");
        var portName = servicePort is null ? null : JsonPaths.Str(servicePort, "name");
        var candidates = JsonPaths.Objects(endpoints?.Object["subsets"])
            .Where(s => portName is null || JsonPaths.Objects(s["ports"]).Any(p => JsonPaths.Str(p, "name") == portName))
            .SelectMany(s => JsonPaths.Objects(s["addresses"]))
            .Select(a => JsonPaths.Str(a, "targetRef", "name"))
            .OfType<string>()
            .ToList();
        if (candidates.Count == 0) throw StatusBodies.ServiceUnavailable($"no endpoints available for service \"{name}\"");
        var key = $"{ns}/{name}";
        var next = _roundRobin.GetValueOrDefault(key);
        _roundRobin[key] = next + 1;
        var podName = candidates[next % candidates.Count];
        var pod = _engine.Store.Get(Pods, ns, podName) ?? throw StatusBodies.ServiceUnavailable($"no endpoints available for service \"{name}\"");
        return (pod.CloneObject(), _engine.Rules.HandlerFor(pod.Object, path));
    }

    private (JsonObject Pod, Func<PodHttpRequest, Task<PodHttpResponse>>? Handler) PickPod(string ns, string name, string path)
    {
        var pod = _engine.GetOrThrow(Pods, ns, name);
        var ip = JsonPaths.Str(pod.Object, "status", "podIP");
        var running = JsonPaths.Objects(JsonPaths.Walk(pod.Object, "status", "containerStatuses")).Any(c => JsonPaths.Walk(c, "state", "running") is not null);
        if (string.IsNullOrEmpty(ip) || !running || Reconciler.IsPodFailed(pod.Object))
            throw StatusBodies.ServiceUnavailable($"error trying to reach service: dial tcp {ip ?? "<none>"}:80: connect: connection refused");
        return (pod.CloneObject(), _engine.Rules.HandlerFor(pod.Object, path));
    }

    private static string Path(ApiRequest api) => api.SubPath.Length == 0 ? "/" : api.SubPath;

    private static (string Name, string? Port) SplitNameAndPort(string value)
    {
        var parts = value.Split(':');
        return parts.Length switch
        {
            1 => (parts[0], null),
            2 => (parts[0], parts[1].Length == 0 ? null : parts[1]),
            _ => (parts[1], parts[2].Length == 0 ? null : parts[2]),
        };
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }
}
