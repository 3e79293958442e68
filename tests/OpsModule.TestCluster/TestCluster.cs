using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsModule.TestCluster.Api;
using OpsModule.TestCluster.Controllers;
using OpsModule.TestCluster.Exec;
using OpsModule.TestCluster.Security;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster;

/// <summary>
/// An in-process Kubernetes API server test double on 127.0.0.1 (http, or https with its own CA), with simulated
/// controllers, kubelets, endpoints, service/pod proxy, metrics, events and fault injection.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ClusterEngine _engine;
    private readonly CertificateAuthority? _ca;
    private readonly ConcurrentQueue<string> _requestLog = new();
    private readonly ConcurrentQueue<RequestTransport> _transports = new();
    private readonly ConcurrentDictionary<string, string> _podLogs = new(StringComparer.Ordinal);
    private readonly TestClusterOptions _options;

    private TestCluster(WebApplication app, ClusterEngine engine, CertificateAuthority? ca, TestClusterOptions options)
    {
        _app = app;
        _engine = engine;
        _ca = ca;
        _options = options;
    }

    /// <summary>Base address, e.g. https://127.0.0.1:41234.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The cluster CA (PEM) when serving https.</summary>
    public string? CaCertificatePem => _ca?.CertificatePem;

    public TestClusterOptions Options => _options;

    public FaultInjector Faults { get; } = new();

    public ExecOptions Exec { get; } = new();

    /// <summary>"METHOD /path?query" of every request received, in order.</summary>
    public IReadOnlyList<string> RequestLog => _requestLog.ToArray();

    /// <summary>Protocol and connection of every API request, in arrival order (which requests shared a connection).</summary>
    public IReadOnlyList<RequestTransport> Transports => _transports.ToArray();

    /// <summary>False simulates a cluster without metrics-server: metrics.k8s.io disappears from discovery and answers 404.</summary>
    public bool MetricsAvailable
    {
        get => _engine.MetricsAvailable;
        set => _engine.MetricsAvailable = value;
    }

    public static async Task<TestCluster> StartAsync(TestClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TestClusterOptions();
        if (options.RequireClientCertificate && !options.Https)
            throw new ArgumentException("RequireClientCertificate needs Https = true.", nameof(options));
        var ca = options.Https ? new CertificateAuthority() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (ca is null) return;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = ca.IssueServerCertificate(),
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    // Validated per request against the cluster CA, so an untrusted certificate yields 401 rather than a TLS failure.
                    ClientCertificateValidation = (_, _, _) => true,
                });
            });
        });
        var app = builder.Build();
        var engine = new ClusterEngine(options);
        var cluster = new TestCluster(app, engine, ca, options);
        var server = new ApiServer(cluster, engine, new Authenticator(options, ca));
        app.UseWebSockets();
        app.Use(server.InvokeAsync);
        app.Map("/api/v1/namespaces/{namespace}/pods/{name}/exec",
            (HttpContext ctx, string @namespace, string name) => ExecEndpoint.HandleAsync(ctx, cluster, @namespace, name));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        cluster.Url = new Uri(address.Replace("[::1]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        return cluster;
    }

    /// <summary>Issues a client certificate signed by the cluster CA (https only).</summary>
    public (string CertificatePem, string KeyPem) IssueClientCertificate(string commonName, bool ecdsa = false) =>
        (_ca ?? throw new InvalidOperationException("Client certificates need Https = true.")).IssueClientCertificate(commonName, ecdsa);

    /// <summary>Writes a kubeconfig (cluster, user and context "test"; current-context test) and returns its full path.
    /// With neither <paramref name="token"/> nor <paramref name="clientCertificate"/>, the configured token (or basic credentials) is used.</summary>
    public string WriteKubeConfig(string path, string? token = null, (string CertificatePem, string KeyPem)? clientCertificate = null, string @namespace = "default")
    {
        if (token is null && clientCertificate is null) token = _options.RequiredToken;
        return KubeConfigWriter.Write(path, Url, CaCertificatePem, token, clientCertificate, _options.BasicAuth, @namespace);
    }

    /// <summary>Creates or replaces any object (by apiVersion/kind/metadata), creating its namespace if needed; runs the controllers.
    /// A Pod applied with status.phase keeps that status (the simulated kubelet leaves it alone).</summary>
    public JsonObject Apply(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var apiVersion = JsonPaths.Str(obj, "apiVersion") ?? throw new ArgumentException("apiVersion is required", nameof(obj));
        var kind = JsonPaths.Str(obj, "kind") ?? throw new ArgumentException("kind is required", nameof(obj));
        var type = ResourceCatalog.FindByKind(apiVersion, kind) ?? throw new ArgumentException($"the test cluster does not serve {apiVersion} {kind}", nameof(obj));
        var copy = JsonPaths.Clone(obj);
        var fixedStatus = type.Kind == "Pod" && JsonPaths.Str(copy, "status", "phase") is not null;
        try
        {
            return _engine.Mutate(() =>
            {
                var ns = type.Namespaced ? JsonPaths.Str(copy, "metadata", "namespace") ?? "default" : null;
                var name = JsonPaths.Str(copy, "metadata", "name") ?? "";
                var stored = name.Length > 0 && _engine.Store.Get(type, ns, name) is not null
                    ? _engine.ReplaceLocked(type, ns, name, copy, fromApi: false)
                    : _engine.CreateLocked(type, ns, copy, fromApi: false);
                if (fixedStatus) _engine.Runtime.Pods[stored.Uid] = new PodRuntime { FirstSeen = DateTimeOffset.UtcNow, StatusFixedByTest = true };
                return stored;
            }).Let(stored => Get(apiVersion, kind, stored.Namespace, stored.Name)!);
        }
        catch (ApiException e)
        {
            throw new InvalidOperationException($"Apply {kind} failed: {e.Code} {e.Reason}: {e.Message}", e);
        }
    }

    public JsonObject Apply(string json) =>
        Apply(JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("expected a JSON object", nameof(json)));

    public JsonObject? Get(string apiVersion, string kind, string? @namespace, string name)
    {
        var type = TypeOf(apiVersion, kind);
        return _engine.Read(() => _engine.Store.Get(type, type.Namespaced ? @namespace ?? "default" : null, name) is { } o ? Render(o, type) : null);
    }

    /// <summary>Objects of a kind, in one namespace or (null) all namespaces.</summary>
    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? @namespace)
    {
        var type = TypeOf(apiVersion, kind);
        return _engine.Read(() => _engine.Store.List(type, @namespace).Select(o => Render(o, type)).ToList());
    }

    /// <summary>Deletes an object (dependents follow, like background cascading deletion). Returns false when it did not exist.</summary>
    public bool Delete(string apiVersion, string kind, string? @namespace, string name)
    {
        var type = TypeOf(apiVersion, kind);
        return _engine.Mutate(() =>
        {
            var ns = type.Namespaced ? @namespace ?? "default" : null;
            if (_engine.Store.Get(type, ns, name) is null) return false;
            _engine.DeleteLocked(type, ns, name, null);
            return true;
        });
    }

    public JsonObject? TryGetPod(string @namespace, string name) => Get("v1", "Pod", @namespace, name);

    /// <summary>Pods matching a label selector (query-string syntax) in a namespace.</summary>
    public IReadOnlyList<JsonObject> ListPods(string @namespace, string? labelSelector = null)
    {
        var selector = Selectors.LabelSelector.Parse(labelSelector);
        var type = ResourceCatalog.Core("pods");
        return _engine.Read(() => _engine.Store.List(type, @namespace).Where(p => selector.Matches(p.Object)).Select(p => Render(p, type)).ToList());
    }

    /// <summary>Sets how matching pods behave (most recent rule wins). Existing pods change immediately.</summary>
    public void SetPodBehavior(PodMatch match, PodBehavior behavior) => _engine.Mutate(() =>
    {
        _engine.Rules.AddBehavior(match, behavior);
        return 0;
    });

    public void SetPodBehavior(string @namespace, string podName, PodBehavior behavior) => SetPodBehavior(PodMatch.Named(@namespace, podName), behavior);

    /// <summary>Every container running <paramref name="image"/> behaves this way, e.g. <c>SetImageBehavior("bad:tag", PodFailure.ImagePullBackOff)</c>.</summary>
    public void SetImageBehavior(string image, PodBehavior behavior) => SetPodBehavior(PodMatch.Image(image), behavior);

    /// <summary>Removes every behavior rule: all pods become healthy.</summary>
    public void ResetPodBehaviors() => _engine.Mutate(() =>
    {
        _engine.Rules.ClearBehaviors();
        return 0;
    });

    /// <summary>Matching pods answer proxied HTTP requests (optionally only for <paramref name="path"/>) with <paramref name="handler"/>.
    /// Most recent rule wins; pods without a rule answer 200 "ok".</summary>
    public void SetHttpHandler(PodMatch match, Func<PodHttpRequest, Task<PodHttpResponse>> handler, string? path = null) => _engine.Mutate(() =>
    {
        _engine.Rules.AddHandler(match, path, handler);
        return 0;
    });

    /// <summary>Handler for every pod.</summary>
    public void SetHttpHandler(Func<PodHttpRequest, Task<PodHttpResponse>> handler) => SetHttpHandler(PodMatch.Any, handler);

    /// <summary>Matching pods answer <paramref name="path"/> (or every path when null) with a fixed status, body and delay.</summary>
    public void SetHttpResponse(PodMatch match, string? path, int statusCode, string body = "", TimeSpan? delay = null) =>
        SetHttpHandler(match, _ => Task.FromResult(new PodHttpResponse(statusCode, body) { Delay = delay ?? TimeSpan.Zero }), path);

    /// <summary>Sets (replaces) the metrics.k8s.io PodMetrics of a pod.</summary>
    public void SetPodMetrics(string @namespace, string podName, params ContainerUsage[] containers)
    {
        var type = ResourceCatalog.Find(ResourceCatalog.MetricsGroup, "v1beta1", "pods")!;
        _engine.Mutate(() =>
        {
            var labels = _engine.Store.Get(ResourceCatalog.Core("pods"), @namespace, podName)?.Object["metadata"]?["labels"]?.DeepClone();
            var metrics = new JsonObject
            {
                ["kind"] = "PodMetrics",
                ["apiVersion"] = "metrics.k8s.io/v1beta1",
                ["metadata"] = new JsonObject
                {
                    ["name"] = podName,
                    ["namespace"] = @namespace,
                    ["creationTimestamp"] = JsonPaths.Timestamp(DateTimeOffset.UtcNow),
                    ["labels"] = labels,
                },
                ["timestamp"] = JsonPaths.Timestamp(DateTimeOffset.UtcNow),
                ["window"] = "15s",
                ["containers"] = new JsonArray(containers.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Name,
                    ["usage"] = new JsonObject { ["cpu"] = c.Cpu, ["memory"] = c.Memory },
                }).ToArray()),
            };
            if (labels is null) JsonPaths.Metadata(metrics).Remove("labels");
            return _engine.Store.Put(type, metrics);
        });
    }

    /// <summary>Sets (replaces) the metrics.k8s.io NodeMetrics of a node.</summary>
    public void SetNodeMetrics(string nodeName, string cpu, string memory)
    {
        var type = ResourceCatalog.Find(ResourceCatalog.MetricsGroup, "v1beta1", "nodes")!;
        _engine.Mutate(() => _engine.Store.Put(type, new JsonObject
        {
            ["kind"] = "NodeMetrics",
            ["apiVersion"] = "metrics.k8s.io/v1beta1",
            ["metadata"] = new JsonObject { ["name"] = nodeName, ["creationTimestamp"] = JsonPaths.Timestamp(DateTimeOffset.UtcNow) },
            ["timestamp"] = JsonPaths.Timestamp(DateTimeOffset.UtcNow),
            ["window"] = "20s",
            ["usage"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory },
        }));
    }

    /// <summary>Records a core/v1 Event about an existing object (repeats of the same reason and message bump count).</summary>
    public JsonObject AddEvent(string apiVersion, string kind, string? @namespace, string name, string reason, string message,
        string type = "Normal", int count = 1, string component = "test")
    {
        var involvedType = TypeOf(apiVersion, kind);
        return _engine.Mutate(() =>
        {
            var involved = _engine.GetOrThrow(involvedType, involvedType.Namespaced ? @namespace ?? "default" : null, name);
            return JsonPaths.ParseObject(JsonPaths.Serialize(_engine.Reconciler.Events.Record(involved.Object, type, reason, message, component, count)));
        });
    }

    /// <summary>Adds a node (Ready or NotReady) that pods and DaemonSets can be scheduled to.</summary>
    public JsonObject AddNode(string name, bool ready = true, string cpu = "4", string memory = "16Gi")
    {
        var index = List("v1", "Node", null).Count;
        return Apply(NodeFactory.Create(name, ready, cpu, memory, index).Also(n => { n["apiVersion"] = "v1"; n["kind"] = "Node"; }));
    }

    /// <summary>Flips a node's Ready condition (NotReady nodes get no new pods).</summary>
    public void SetNodeReady(string name, bool ready)
    {
        var node = Get("v1", "Node", null, name) ?? throw new ArgumentException($"node {name} does not exist", nameof(name));
        var fresh = NodeFactory.Create(name, ready, "4", "16Gi", 0);
        node["status"]!["conditions"] = fresh["status"]!["conditions"]!.DeepClone();
        Apply(node);
    }

    /// <summary>Text returned by pods/{name}/log.</summary>
    public void SetPodLog(string @namespace, string podName, string text) => _podLogs[$"{@namespace}/{podName}"] = text;

    internal string PodLogFor(string @namespace, string podName) => _podLogs.GetValueOrDefault($"{@namespace}/{podName}", "");

    /// <summary>Polls <paramref name="condition"/> until it holds; throws TimeoutException with <paramref name="what"/> otherwise.</summary>
    public async Task WaitUntilAsync(Func<TestCluster, bool> condition, TimeSpan timeout, string what = "condition")
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#}s waiting for {what}.");
            await Task.Delay(20);
        }
    }

    public void ClearRequestLog()
    {
        _requestLog.Clear();
        _transports.Clear();
    }

    internal void LogRequest(string line, RequestTransport transport)
    {
        _requestLog.Enqueue(line);
        _transports.Enqueue(transport);
    }

    public async ValueTask DisposeAsync()
    {
        _engine.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ca?.Dispose();
    }

    private static ResourceType TypeOf(string apiVersion, string kind) =>
        ResourceCatalog.FindByKind(apiVersion, kind) ?? throw new ArgumentException($"the test cluster does not serve {apiVersion} {kind}");

    /// <summary>A fresh parse of the stored JSON, so numbers read back as any numeric type (like a client would see them).</summary>
    private static JsonObject Render(StoredObject stored, ResourceType type) =>
        JsonPaths.ParseObject(ListRenderer.Render(stored, type));
}

internal static class FluentExtensions
{
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> map) => map(value);

    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
