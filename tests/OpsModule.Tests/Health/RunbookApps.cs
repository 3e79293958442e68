using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Cluster = OpsModule.TestCluster.TestCluster;

namespace OpsModule.Tests.Health;

/// <summary>The applications of the runbooks in ../shared/seeds, as the test cluster should hold them.</summary>
internal static class RunbookApps
{
    /// <summary>ai-code-reviewer in namespace test: probes on /health, /ready, /startup; Service; Ingress with TLS.</summary>
    public static void AiCodeReviewer(Cluster cluster, string image = "registry.example.com/ai-code-reviewer:1.4.2", int certificateDays = 90, int replicas = 2)
    {
        cluster.Apply(Deployment("test", "ai-code-reviewer", replicas, image, probes: true));
        cluster.Apply(Service("test", "ai-code-reviewer", new() { ["app"] = "ai-code-reviewer" }, "http"));
        cluster.Apply(TlsSecret("test", "ai-code-reviewer-tls", "reviewer.example.com", certificateDays));
        cluster.Apply(Ingress("test", "ai-code-reviewer", "ai-code-reviewer", "ai-code-reviewer-tls", address: "20.50.1.7"));
    }

    /// <summary>ceoagent-api with its postgres StatefulSet in namespace ceoagent.</summary>
    public static void CeoAgent(Cluster cluster)
    {
        cluster.Apply(Deployment("ceoagent", "ceoagent-api", 2, "ceoagent/api:2.0", probes: true));
        cluster.Apply(Service("ceoagent", "ceoagent-api", new() { ["app"] = "ceoagent-api" }, "http"));
        cluster.Apply(StatefulSet("ceoagent", "postgres", 1, "postgres:15"));
        cluster.Apply(Service("ceoagent", "postgres", new() { ["app"] = "postgres" }, 5432));
    }

    /// <summary>user-service in namespace ecommerce-k8s with its HPA (2–10 replicas at 70 % CPU).</summary>
    public static void UserService(Cluster cluster, int currentReplicas = 3, bool scalingActive = true)
    {
        cluster.Apply(Deployment("ecommerce-k8s", "user-service", 3, "ecommerce/user-service:1.0", probes: true));
        cluster.Apply(Service("ecommerce-k8s", "user-service", new() { ["app"] = "user-service" }, "http"));
        cluster.Apply(Hpa("ecommerce-k8s", "user-service", "user-service", 2, 10, currentReplicas, scalingActive));
    }

    public static JsonObject Deployment(string ns, string name, int replicas, string image, bool probes = false, int? progressDeadlineSeconds = null)
    {
        var container = Container(name, image, probes);
        var spec = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(container) },
            },
        };
        if (progressDeadlineSeconds is { } deadline)
        {
            spec["progressDeadlineSeconds"] = deadline;
        }

        return Object("apps/v1", "Deployment", ns, name, spec);
    }

    public static JsonObject StatefulSet(string ns, string name, int replicas, string image) =>
        Object("apps/v1", "StatefulSet", ns, name, new JsonObject
        {
            ["replicas"] = replicas,
            ["serviceName"] = name,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = name,
                        ["image"] = image,
                        ["ports"] = new JsonArray(new JsonObject { ["name"] = "postgres", ["containerPort"] = 5432 }),
                    }),
                },
            },
        });

    public static JsonObject Service(string ns, string name, Dictionary<string, string> selector, JsonNode targetPort)
    {
        var selectorObject = new JsonObject();
        foreach (var (key, value) in selector)
        {
            selectorObject[key] = value;
        }

        var port = targetPort.GetValueKind() == System.Text.Json.JsonValueKind.Number ? targetPort.GetValue<int>() : 80;
        return Object("v1", "Service", ns, name, new JsonObject
        {
            ["selector"] = selectorObject,
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = port, ["targetPort"] = targetPort }),
        });
    }

    public static JsonObject Ingress(string ns, string name, string backend, string? tlsSecret, string? address)
    {
        var ingress = Object("networking.k8s.io/v1", "Ingress", ns, name, new JsonObject
        {
            ["ingressClassName"] = "nginx",
            ["rules"] = new JsonArray(new JsonObject
            {
                ["host"] = "reviewer.example.com",
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
        });
        if (tlsSecret is not null)
        {
            ingress["spec"]!["tls"] = new JsonArray(new JsonObject { ["hosts"] = new JsonArray("reviewer.example.com"), ["secretName"] = tlsSecret });
        }

        if (address is not null)
        {
            ingress["status"] = new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = address }) } };
        }

        return ingress;
    }

    public static JsonObject Hpa(string ns, string name, string target, int min, int max, int current, bool scalingActive)
    {
        var hpa = Object("autoscaling/v2", "HorizontalPodAutoscaler", ns, name, new JsonObject
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
                ["status"] = scalingActive ? "True" : "False",
                ["reason"] = scalingActive ? "ValidMetricFound" : "FailedGetResourceMetric",
                ["message"] = scalingActive ? "the HPA was able to compute the replica count" : "unable to get metrics for resource cpu: no metrics returned from resource metrics API",
            }),
        };
        return hpa;
    }

    public static JsonObject Claim(string ns, string name, string phase) =>
        Object("v1", "PersistentVolumeClaim", ns, name, new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["storageClassName"] = "managed-csi",
            ["volumeName"] = "pv-" + name,
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "10Gi" } },
        }).Also(claim => claim["status"] = new JsonObject { ["phase"] = phase });

    /// <summary>A kubernetes.io/tls Secret holding a self-signed certificate valid for <paramref name="days"/> more days (negative: expired).</summary>
    public static JsonObject TlsSecret(string ns, string name, string host, int days)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var notAfter = DateTimeOffset.UtcNow.AddDays(days);
        using var certificate = request.CreateSelfSigned(notAfter.AddDays(-365), notAfter);
        static string B64(string text) => Convert.ToBase64String(Encoding.ASCII.GetBytes(text));
        var secret = Object("v1", "Secret", ns, name, null);
        secret["type"] = "kubernetes.io/tls";
        secret["data"] = new JsonObject
        {
            ["tls.crt"] = B64(certificate.ExportCertificatePem()),
            ["tls.key"] = B64(key.ExportPkcs8PrivateKeyPem()),
        };
        return secret;
    }

    private static JsonObject Container(string name, string image, bool probes)
    {
        var container = new JsonObject
        {
            ["name"] = name,
            ["image"] = image,
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 }),
            ["resources"] = new JsonObject
            {
                ["requests"] = new JsonObject { ["cpu"] = "250m", ["memory"] = "256Mi" },
                ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "512Mi" },
            },
        };
        if (probes)
        {
            container["livenessProbe"] = Probe("/health");
            container["readinessProbe"] = Probe("/ready");
            container["startupProbe"] = Probe("/startup");
        }

        return container;
    }

    private static JsonObject Probe(string path) =>
        new() { ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = "http" }, ["periodSeconds"] = 10 };

    private static JsonObject Object(string apiVersion, string kind, string ns, string name, JsonObject? spec)
    {
        var obj = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        };
        if (spec is not null)
        {
            obj["spec"] = spec;
        }

        return obj;
    }

    private static JsonObject Also(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }
}
