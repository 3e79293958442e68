using System.Text.Json.Nodes;
using OpsModule.Core.BlueGreen;
using OpsModule.Tests.Kubernetes;
using Cluster = OpsModule.TestCluster.TestCluster;

namespace OpsModule.Tests.BlueGreen;

/// <summary>
/// A cluster with the SaaS runbook's layout: Service "web" selecting app=web,color=blue; web-blue at 2 replicas serving it;
/// web-green at 0 waiting for the next release. Plus a switcher with fast timings.
/// </summary>
internal sealed class BlueGreenTestBed : IAsyncDisposable
{
    public const string Namespace = "shop";

    private BlueGreenTestBed(ClientTestBed bed)
    {
        Bed = bed;
        Switcher = new BlueGreenSwitcher(bed.Client);
    }

    public ClientTestBed Bed { get; }

    public Cluster Cluster => Bed.Cluster;

    public BlueGreenSwitcher Switcher { get; }

    public BlueGreenOptions Options { get; } = new()
    {
        Namespace = Namespace,
        Service = "web",
        Deployment = "web",
        Timeout = TimeSpan.FromSeconds(5),
        HealthyChecks = 2,
        HealthCheckInterval = TimeSpan.FromMilliseconds(20),
        VerifyDuration = TimeSpan.FromMilliseconds(300),
        VerifyInterval = TimeSpan.FromMilliseconds(30),
        ScaleDownDelay = TimeSpan.FromMilliseconds(100),
        RequestTimeout = TimeSpan.FromSeconds(2),
        LockOwner = "test@bluegreen",
    };

    public static async Task<BlueGreenTestBed> StartAsync(bool deployments = true, Dictionary<string, string>? serviceSelector = null)
    {
        var bed = new BlueGreenTestBed(await ClientTestBed.StartAsync());
        bed.Cluster.Apply(Service("web", serviceSelector ?? new() { ["app"] = "web", ["color"] = "blue" }));
        if (deployments)
        {
            bed.Cluster.Apply(Deployment("web-blue", "color", "blue", 2, "web:1.0"));
            bed.Cluster.Apply(Deployment("web-green", "color", "green", 0, "web:1.0"));
            await bed.Cluster.WaitUntilAsync(c => bed.EndpointPods("web").Count == 2, TimeSpan.FromSeconds(5), "blue endpoints");
        }

        return bed;
    }

    public static JsonObject Deployment(string name, string key, string value, int replicas, string image) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web", [key] = value } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web", [key] = value } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "web",
                        ["image"] = image,
                        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 }),
                    }),
                },
            },
        },
    };

    public static JsonObject Service(string name, Dictionary<string, string> selector)
    {
        var selectorObject = new JsonObject();
        foreach (var (key, value) in selector)
        {
            selectorObject[key] = value;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
            ["spec"] = new JsonObject
            {
                ["selector"] = selectorObject,
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = "http" }),
            },
        };
    }

    /// <summary>
    /// An Istio VirtualService "web" with one HTTP route splitting between the colours: by subset (host web, subsets blue/green)
    /// or by host (web-blue / web-green.shop.svc.cluster.local, with a Service of each colour).
    /// </summary>
    public void AddVirtualService(string apiVersion = "networking.istio.io/v1", bool byHost = false, int blueWeight = 100, JsonArray? http = null)
    {
        if (byHost)
        {
            Cluster.Apply(Service("web-blue", new() { ["app"] = "web", ["color"] = "blue" }));
            Cluster.Apply(Service("web-green", new() { ["app"] = "web", ["color"] = "green" }));
        }

        JsonObject Destination(string color, int weight) => new()
        {
            ["destination"] = byHost
                ? new JsonObject { ["host"] = color == "blue" ? "web-blue" : $"web-{color}.{Namespace}.svc.cluster.local" }
                : new JsonObject { ["host"] = "web", ["subset"] = color },
            ["weight"] = weight,
        };

        Cluster.Apply(new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = "VirtualService",
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = Namespace },
            ["spec"] = new JsonObject
            {
                ["hosts"] = new JsonArray("web"),
                ["http"] = http ?? new JsonArray(new JsonObject
                {
                    ["name"] = "primary",
                    ["route"] = new JsonArray(Destination("blue", blueWeight), Destination("green", 100 - blueWeight)),
                }),
            },
        });
    }

    public BlueGreenOptions WeightOptions => Options with
    {
        Service = null,
        VirtualService = "web",
        StepInterval = TimeSpan.FromMilliseconds(150),
        VerifyDuration = TimeSpan.FromMilliseconds(150),
    };

    /// <summary>Percent of the first route per colour, e.g. { blue: 20, green: 80 }.</summary>
    public IReadOnlyDictionary<string, int> Weights()
    {
        var route = Cluster.Get("networking.istio.io/v1", "VirtualService", Namespace, "web")!["spec"]!["http"]![0]!["route"]!.AsArray();
        return route.OfType<JsonObject>().ToDictionary(
            d => d["destination"]!["subset"]?.GetValue<string>() ?? (d["destination"]!["host"]!.GetValue<string>().Contains("blue") ? "blue" : "green"),
            d => d["weight"]?.GetValue<int>() ?? 0);
    }

    public string? VirtualServiceLock() =>
        Cluster.Get("networking.istio.io/v1", "VirtualService", Namespace, "web")?["metadata"]?["annotations"]?[ServiceLockKey]?.GetValue<string>();

    public string? SwitchRecord() =>
        Cluster.Get("v1", "Service", Namespace, "web")?["metadata"]?["annotations"]?["opsmodule.io/blue-green-last-switch"]?.GetValue<string>();

    public string? SelectorValue(string key = "color") =>
        Cluster.Get("v1", "Service", Namespace, "web")?["spec"]?["selector"]?[key]?.GetValue<string>();

    public string? LockAnnotation() =>
        Cluster.Get("v1", "Service", Namespace, "web")?["metadata"]?["annotations"]?[ServiceLockKey]?.GetValue<string>();

    public const string ServiceLockKey = "opsmodule.io/blue-green-lock";

    public int Replicas(string deployment) =>
        Cluster.Get("apps/v1", "Deployment", Namespace, deployment)?["spec"]?["replicas"]?.GetValue<int>() ?? -1;

    public IReadOnlyList<string> PodNames(string labelSelector) =>
        Cluster.ListPods(Namespace, labelSelector)
            .Where(p => p["metadata"]?["deletionTimestamp"] is null)
            .Select(p => p["metadata"]!["name"]!.GetValue<string>())
            .Order()
            .ToList();

    public IReadOnlyList<string> EndpointPods(string service) =>
        (Cluster.Get("v1", "Endpoints", Namespace, service)?["subsets"] as JsonArray ?? [])
            .SelectMany(s => s?["addresses"] as JsonArray ?? [])
            .Select(a => a?["targetRef"]?["name"]?.GetValue<string>())
            .OfType<string>()
            .Order()
            .ToList();

    public ValueTask DisposeAsync() => Bed.DisposeAsync();
}
