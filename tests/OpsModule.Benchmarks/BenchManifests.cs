using System.Text.Json.Nodes;

namespace OpsModule.Benchmarks;

/// <summary>The objects the benchmark namespace is filled with: runbook-shaped apps (probes on /health /ready /startup).</summary>
internal static class BenchManifests
{
    public static JsonObject Deployment(string ns, string name, int replicas, string image) =>
        Object("apps/v1", "Deployment", ns, name, new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name, ["tier"] = "web" } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(Container(name, image)) },
            },
        });

    public static JsonObject Service(string ns, string name, string selectedApp) =>
        Object("v1", "Service", ns, name, new JsonObject
        {
            ["selector"] = new JsonObject { ["app"] = selectedApp },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = "http" }),
        });

    public static JsonObject Ingress(string ns, string name, string backend, string? tlsSecret)
    {
        var host = $"{name}.bench.example.com";
        var spec = new JsonObject
        {
            ["ingressClassName"] = "nginx",
            ["rules"] = new JsonArray(new JsonObject
            {
                ["host"] = host,
                ["http"] = new JsonObject
                {
                    ["paths"] = new JsonArray(new JsonObject
                    {
                        ["path"] = "/",
                        ["pathType"] = "Prefix",
                        ["backend"] = new JsonObject { ["service"] = new JsonObject { ["name"] = backend, ["port"] = new JsonObject { ["number"] = 80 } } },
                    }),
                },
            }),
        };
        if (tlsSecret is not null)
        {
            spec["tls"] = new JsonArray(new JsonObject { ["hosts"] = new JsonArray(host), ["secretName"] = tlsSecret });
        }

        var ingress = Object("networking.k8s.io/v1", "Ingress", ns, name, spec);
        ingress["status"] = new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = "20.50.1.7" }) } };
        return ingress;
    }

    public static JsonObject Autoscaler(string ns, string target, int min, int max, int current)
    {
        var hpa = Object("autoscaling/v2", "HorizontalPodAutoscaler", ns, target, new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = target },
            ["minReplicas"] = min,
            ["maxReplicas"] = max,
            ["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject { ["name"] = "cpu", ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = 70 } },
            }),
        });
        hpa["status"] = new JsonObject
        {
            ["currentReplicas"] = current,
            ["desiredReplicas"] = current,
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "ScalingActive",
                ["status"] = "True",
                ["reason"] = "ValidMetricFound",
                ["message"] = "the HPA was able to compute the replica count",
            }),
        };
        return hpa;
    }

    public static JsonObject Claim(string ns, string name, string phase)
    {
        var claim = Object("v1", "PersistentVolumeClaim", ns, name, new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["storageClassName"] = "managed-csi",
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "10Gi" } },
        });
        claim["status"] = new JsonObject { ["phase"] = phase };
        return claim;
    }

    private static JsonObject Container(string name, string image) => new()
    {
        ["name"] = name,
        ["image"] = image,
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 }),
        ["resources"] = new JsonObject
        {
            ["requests"] = new JsonObject { ["cpu"] = "250m", ["memory"] = "256Mi" },
            ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "512Mi" },
        },
        ["livenessProbe"] = Probe("/health"),
        ["readinessProbe"] = Probe("/ready"),
        ["startupProbe"] = Probe("/startup"),
    };

    private static JsonObject Probe(string path) =>
        new() { ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = "http" }, ["periodSeconds"] = 10 };

    private static JsonObject Object(string apiVersion, string kind, string ns, string name, JsonObject spec) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = spec,
    };
}
