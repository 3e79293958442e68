using System.Text.Json.Nodes;
using OpsModule.TestCluster;
using OpsModule.Tests.Health;
using OpsModule.Tests.Support;
using Cluster = OpsModule.TestCluster.TestCluster;

namespace OpsModule.Sandbox;

/// <summary>
/// What the sandbox cluster holds: the five runbooks' apps (../shared/seeds) in the namespaces the README and docs/ examples name,
/// a healthy majority plus the runbooks' faults. Which namespace has which fault is part of the Pester suite's contract
/// (tests/OpsModule.Pester/README.md); change both together.
/// </summary>
internal static class SandboxApps
{
    /// <summary>The namespaces seeded, in order.</summary>
    public static IReadOnlyList<string> Namespaces { get; } = ["test", "ceoagent", "ecommerce-k8s", "production", "saas", "voicehelper", "shop", "default"];

    /// <summary>Applies every app; <paramref name="postgres"/> (when running) is what the postgres pods' exec reaches.</summary>
    public static void Seed(Cluster cluster, PostgresServer? postgres)
    {
        AiCodeReviewer(cluster);
        CeoAgent(cluster, postgres);
        ECommerce(cluster, postgres);
        SaasPlatform(cluster);
        SaasWeb(cluster);
        VoiceHelper(cluster);
        Shop(cluster);
        DefaultWeb(cluster);
        FaultLabels(cluster);
    }

    /// <summary>The label a test puts on a pod to make it misbehave (the pod its controller creates instead does not carry it).</summary>
    public const string FaultLabel = "opsmodule.io/sandbox-fault";

    /// <summary>
    /// Faults a test switches on for one pod with <c>kubectl label pod &lt;name&gt; opsmodule.io/sandbox-fault=&lt;fault&gt;</c>, in any namespace:
    /// restarting (Ready again after 7 restarts: the runbook healer's first rule), crashloop (CrashLoopBackOff after 7 restarts),
    /// notready (Running, readiness failing). Removing the label heals the pod.
    /// </summary>
    private static void FaultLabels(Cluster cluster)
    {
        cluster.SetPodBehavior(PodMatch.Labels($"{FaultLabel}=restarting"), new PodBehavior { Failure = PodFailure.Restarting, RestartCount = 7 });
        cluster.SetPodBehavior(PodMatch.Labels($"{FaultLabel}=crashloop"), new PodBehavior { Failure = PodFailure.CrashLoopBackOff, RestartCount = 7 });
        cluster.SetPodBehavior(PodMatch.Labels($"{FaultLabel}=notready"), PodFailure.NotReady);
    }

    /// <summary>
    /// test (AI code reviewer runbook): every ai-code-reviewer pod crash-loops (PodCrashLoopBackOff, so its Service has no ready
    /// endpoints: ServiceNoReadyEndpoints, WorkloadUnavailable), and its TLS secret expires in 20 days (a Warning).
    /// </summary>
    private static void AiCodeReviewer(Cluster cluster)
    {
        RunbookApps.AiCodeReviewer(cluster, certificateDays: 20);
        cluster.SetPodBehavior(PodMatch.Labels("app=ai-code-reviewer", "test"), new PodBehavior { Failure = PodFailure.CrashLoopBackOff, RestartCount = 7 });
    }

    /// <summary>ceoagent (CEOAgent runbook): healthy. ceoagent-api (2 pods) and the postgres StatefulSet holding the ceoagent database.</summary>
    private static void CeoAgent(Cluster cluster, PostgresServer? postgres)
    {
        const string ns = "ceoagent";
        cluster.Apply(RunbookApps.Deployment(ns, "ceoagent-api", 2, "ceoagent/api:2.0", probes: true));
        cluster.Apply(RunbookApps.Service(ns, "ceoagent-api", new() { ["app"] = "ceoagent-api" }, "http"));
        cluster.Apply(PostgresStatefulSet(ns, postgres));
        cluster.Apply(RunbookApps.Service(ns, "postgres", new() { ["app"] = "postgres" }, 5432));
    }

    /// <summary>
    /// ecommerce-k8s (microservices runbook): user-service as blue (3 pods, live) and green (0) behind the Service user-service
    /// (selector color), its HPA at its maximum (HpaAtMaxReplicas), a Pending claim (PvcPending), and postgres with the users and
    /// orders databases. Warnings only: nothing Critical.
    /// </summary>
    private static void ECommerce(Cluster cluster, PostgresServer? postgres)
    {
        const string ns = "ecommerce-k8s";
        BlueGreen(cluster, ns, "user-service", "color", replicas: 3, "ecommerce/user-service:1.0");
        cluster.Apply(RunbookApps.Hpa(ns, "user-service-hpa", "user-service-blue", min: 2, max: 10, current: 10, scalingActive: true));
        cluster.Apply(RunbookApps.Claim(ns, "order-uploads", "Pending"));
        cluster.Apply(PostgresStatefulSet(ns, postgres));
        cluster.Apply(RunbookApps.Service(ns, "postgres", new() { ["app"] = "postgres" }, 5432));
    }

    /// <summary>
    /// production (SaaS platform runbook): saas-platform blue (2, live) and green (0) behind saas-platform-active (selector environment),
    /// and the PodDisruptionBudget saas-platform (minAvailable 1 of the app's pods) that runbook 004's healer ignored.
    /// </summary>
    private static void SaasPlatform(Cluster cluster)
    {
        cluster.Apply(new JsonObject
        {
            ["apiVersion"] = "policy/v1",
            ["kind"] = "PodDisruptionBudget",
            ["metadata"] = new JsonObject { ["name"] = "saas-platform", ["namespace"] = "production" },
            ["spec"] = new JsonObject { ["minAvailable"] = 1, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "saas-platform" } } },
        });
        BlueGreen(cluster, "production", "saas-platform", "environment", replicas: 2, "registry.example.com/saas-platform:3.2.0", service: "saas-platform-active");
        cluster.Apply(RunbookApps.TlsSecret("production", "saas-platform-tls", "api.saas-platform.com", days: 200));
    }

    /// <summary>saas (docs' Switch-BlueGreen examples 1 and 2): web blue (2, live) and green (0), selector environment.</summary>
    private static void SaasWeb(Cluster cluster) =>
        BlueGreen(cluster, "saas", "web", "environment", replicas: 2, "registry.example.com/web:2.3.0");

    /// <summary>
    /// voicehelper (VoiceHelper runbook): voice-api blue (3, live) and green (0) behind the Service voice-api (selector color), and
    /// the Istio VirtualService voice-api sending 100 % to subset blue.
    /// </summary>
    private static void VoiceHelper(Cluster cluster)
    {
        const string ns = "voicehelper";
        BlueGreen(cluster, ns, "voice-api", "color", replicas: 3, "voicehelper/api:1.4.2", container: "api");
        cluster.Apply(VirtualService(ns, "voice-api",
            Route(new JsonObject { ["host"] = "voice-api", ["subset"] = "blue" }, 100),
            Route(new JsonObject { ["host"] = "voice-api", ["subset"] = "green" }, 0)));
    }

    /// <summary>shop (docs' Switch-BlueGreen example 6): checkout blue (2) and green (0), one Service per colour, a VirtualService routing by host.</summary>
    private static void Shop(Cluster cluster)
    {
        const string ns = "shop";
        cluster.Apply(Colored(ns, "checkout", "color", "blue", 2, "shop/checkout:5.0"));
        cluster.Apply(Colored(ns, "checkout", "color", "green", 0, "shop/checkout:5.0"));
        cluster.Apply(RunbookApps.Service(ns, "checkout-blue", new() { ["app"] = "checkout", ["color"] = "blue" }, "http"));
        cluster.Apply(RunbookApps.Service(ns, "checkout-green", new() { ["app"] = "checkout", ["color"] = "green" }, "http"));
        cluster.Apply(VirtualService(ns, "checkout",
            Route(new JsonObject { ["host"] = "checkout-blue" }, 100),
            Route(new JsonObject { ["host"] = "checkout-green.shop.svc.cluster.local" }, 0)));
    }

    /// <summary>default (the kubeconfig's namespace; docs' Switch-BlueGreen example 8 names no namespace): web blue (2, live) and green (0).</summary>
    private static void DefaultWeb(Cluster cluster) =>
        BlueGreen(cluster, "default", "web", "color", replicas: 2, "registry.example.com/web:2.3.0");

    /// <summary>Deployments app-blue (live, <paramref name="replicas"/>) and app-green (0) behind one Service selecting key=blue.</summary>
    private static void BlueGreen(Cluster cluster, string ns, string app, string key, int replicas, string image, string? service = null, string? container = null)
    {
        cluster.Apply(Colored(ns, app, key, "blue", replicas, image, container));
        cluster.Apply(Colored(ns, app, key, "green", 0, image, container));
        cluster.Apply(RunbookApps.Service(ns, service ?? app, new() { ["app"] = app, [key] = "blue" }, "http"));
    }

    private static JsonObject Colored(string ns, string app, string key, string color, int replicas, string image, string? container = null)
    {
        var deployment = RunbookApps.Deployment(ns, $"{app}-{color}", replicas, image, probes: true);
        var spec = deployment["spec"]!;
        spec["selector"]!["matchLabels"] = new JsonObject { ["app"] = app, [key] = color };
        spec["template"]!["metadata"]!["labels"] = new JsonObject { ["app"] = app, [key] = color };
        spec["template"]!["spec"]!["containers"]![0]!["name"] = container ?? app;
        return deployment;
    }

    /// <summary>
    /// The postgres StatefulSet; with a server, its pods' exec runs psql / pg_dump against it. Its pods carry the Bitnami chart's
    /// app.kubernetes.io/name=postgresql too, so -Selector examples find them.
    /// </summary>
    private static JsonObject PostgresStatefulSet(string ns, PostgresServer? postgres)
    {
        var statefulSet = postgres is null ? RunbookApps.StatefulSet(ns, "postgres", 1, "postgres:15") : PostgresPods.StatefulSet(ns, postgres);
        statefulSet["spec"]!["template"]!["metadata"]!["labels"]!["app.kubernetes.io/name"] = "postgresql";
        return statefulSet;
    }

    private static JsonObject Route(JsonObject destination, int weight) => new() { ["destination"] = destination, ["weight"] = weight };

    private static JsonObject VirtualService(string ns, string name, params JsonObject[] routes) => new()
    {
        ["apiVersion"] = "networking.istio.io/v1",
        ["kind"] = "VirtualService",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["hosts"] = new JsonArray(name),
            ["http"] = new JsonArray(new JsonObject { ["name"] = "primary", ["route"] = new JsonArray(routes) }),
        },
    };
}
