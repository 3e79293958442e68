using System.Diagnostics;
using System.Net;
using OpsModule.Core.Health.Checks;
using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.Health;

/// <summary>
/// Runs the daily health checklist. Reads with one list call per resource kind per namespace (cluster-wide lists for
/// -AllNamespaces), all kinds fetched concurrently, then judges the snapshot with pure checks.
/// </summary>
public sealed class HealthChecker(IKubernetesApi api, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<HealthRun> RunAsync(HealthOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var checks = HealthCheckRegistry.Selected(options);
        var plan = HealthCheckRegistry.Needs(checks);

        // Asked together with the lists, not before them: only the metrics list waits for the answer.
        var metricsServed = plan.HasFlag(SnapshotParts.PodMetrics)
            ? api.IsServedAsync(ResourceTypes.PodMetrics, cancellationToken)
            : Task.FromResult(false);

        var nodesTask = options.Runs(HealthCheck.Nodes) ? ReadNodesAsync(cancellationToken) : Task.FromResult<IReadOnlyList<OpsHealthResult>>([]);
        var databaseTask = CheckDatabasesAsync(options, cancellationToken);

        var results = new List<OpsHealthResult>();
        var failures = new List<NamespaceFailure>();
        var snapshots = new List<NamespaceSnapshot>();
        IReadOnlyList<string> namespaces = [];
        try
        {
            namespaces = await FetchAllAsync(options, plan, metricsServed, snapshots, failures, progress, cancellationToken);
        }
        catch (Exception) when (metricsServed.IsFaulted)
        {
            // Reported below: a failed discovery fails the run with its own error, as when it was asked before the lists.
        }

        await metricsServed;

        var context = new HealthCheckContext(api, options, _clock.GetUtcNow());
        foreach (var snapshot in snapshots)
        {
            foreach (var check in checks)
            {
                if (check.Check == HealthCheck.Http)
                {
                    progress?.Report($"Probing HTTP endpoints in {snapshot.Namespace}");
                }

                results.AddRange(await check.EvaluateAsync(snapshot, context, cancellationToken));
            }
        }

        // Node findings alone would grade a run whose every namespace was unreadable (e.g. a typo) as if it had checked something.
        // A database named by the caller is checked regardless: it does not depend on the namespace.
        var nodeResults = await nodesTask;
        if (options.AllNamespaces || snapshots.Count > 0)
        {
            results.AddRange(nodeResults);
        }

        results.AddRange(await databaseTask);

        var kept = results.Where(r => !options.ExcludeCodes.Contains(r.Code)).ToList();
        var read = options.AllNamespaces ? namespaces : snapshots.Select(s => s.Namespace).ToList();
        return new HealthRun { Results = kept, Failures = failures, Namespaces = read, Duration = stopwatch.Elapsed };
    }

    /// <summary>Reads every namespace's snapshot into <paramref name="snapshots"/> (or its error into <paramref name="failures"/>); returns the namespaces asked for.</summary>
    private async Task<IReadOnlyList<string>> FetchAllAsync(
        HealthOptions options, SnapshotParts plan, Task<bool> metricsServed, List<NamespaceSnapshot> snapshots, List<NamespaceFailure> failures,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (options.AllNamespaces)
        {
            progress?.Report("Reading all namespaces");
            var everything = await FetchAsync(null, options, plan, metricsServed, cancellationToken);
            snapshots.AddRange(SplitByNamespace(everything));
            return snapshots.Select(s => s.Namespace).ToList();
        }

        var namespaces = options.Namespaces.Count > 0 ? options.Namespaces.Distinct(StringComparer.Ordinal).ToList() : [api.DefaultNamespace];
        var fetches = namespaces.Select(async ns =>
        {
            progress?.Report($"Reading namespace {ns}");
            var missing = NamespaceLookup.FindMissingAsync(api, ns, cancellationToken);
            try
            {
                var snapshot = await FetchAsync(ns, options, plan, metricsServed, cancellationToken);
                return await missing is { } notFound
                    ? (ns, Snapshot: (NamespaceSnapshot?)null, Error: (Exception?)notFound)
                    : (ns, Snapshot: (NamespaceSnapshot?)snapshot, Error: (Exception?)null);
            }
            catch (KubernetesApiException e)
            {
                return (ns, Snapshot: (NamespaceSnapshot?)null, Error: (Exception?)(await missing ?? (Exception)e));
            }
        }).ToList();
        foreach (var (ns, snapshot, error) in await Task.WhenAll(fetches))
        {
            if (snapshot is null)
            {
                failures.Add(new NamespaceFailure(ns, error!));
            }
            else
            {
                snapshots.Add(snapshot);
            }
        }

        return namespaces;
    }

    private async Task<IReadOnlyList<OpsHealthResult>> CheckDatabasesAsync(HealthOptions options, CancellationToken cancellationToken)
    {
        var findings = new List<OpsHealthResult>();
        if (!options.Runs(HealthCheck.Database))
        {
            return findings;
        }

        if (!string.IsNullOrWhiteSpace(options.DatabaseConnection))
        {
            findings.AddRange(await DatabaseCheck.EvaluateAsync(options.DatabaseConnection, options.DatabaseThresholds, cancellationToken));
        }

        if (options.DatabasePod is { } pod)
        {
            findings.AddRange(await DatabaseCheck.EvaluatePodAsync(api.CreateExecClient(), pod, options.DatabaseThresholds, cancellationToken));
        }

        return findings;
    }

    private async Task<NamespaceSnapshot> FetchAsync(string? ns, HealthOptions options, SnapshotParts plan, Task<bool> metricsServed, CancellationToken cancellationToken)
    {
        var labelled = new ListOptions { LabelSelector = options.Selector };
        Task<IReadOnlyList<T>> List<T>(SnapshotParts part, ListOptions? listOptions) where T : class, IMetadata<V1ObjectMeta> =>
            plan.HasFlag(part) ? api.ListAsync<T>(ns, listOptions, cancellationToken) : Task.FromResult<IReadOnlyList<T>>([]);

        var pods = List<V1Pod>(SnapshotParts.Pods, labelled);
        var deployments = List<V1Deployment>(SnapshotParts.Deployments, labelled);
        var statefulSets = List<V1StatefulSet>(SnapshotParts.StatefulSets, labelled);
        var daemonSets = List<V1DaemonSet>(SnapshotParts.DaemonSets, labelled);
        var services = List<V1Service>(SnapshotParts.Services, labelled);
        var endpoints = List<V1Endpoints>(SnapshotParts.Endpoints, null);
        var ingresses = List<V1Ingress>(SnapshotParts.Ingresses, null);
        var autoscalers = List<V2HorizontalPodAutoscaler>(SnapshotParts.Autoscalers, null);
        var claims = List<V1PersistentVolumeClaim>(SnapshotParts.Claims, null);
        var events = List<Corev1Event>(SnapshotParts.Events, new ListOptions { FieldSelector = "type=Warning" });
        var secrets = List<V1Secret>(SnapshotParts.TlsSecrets, new ListOptions { FieldSelector = "type=kubernetes.io/tls" });
        var metrics = plan.HasFlag(SnapshotParts.PodMetrics) ? ListPodMetricsAsync(ns, labelled, metricsServed, cancellationToken) : Task.FromResult<IReadOnlyList<PodMetrics>?>(null);
        await Task.WhenAll(pods, deployments, statefulSets, daemonSets, services, endpoints, ingresses, autoscalers, claims, events, secrets, metrics);

        var tlsSecrets = (await secrets).ToList();
        if (ns is not null)
        {
            tlsSecrets.AddRange(await ReadIngressSecretsAsync(ns, await ingresses, tlsSecrets, cancellationToken));
        }

        return new NamespaceSnapshot
        {
            Namespace = ns ?? string.Empty,
            Pods = await pods,
            Deployments = await deployments,
            StatefulSets = await statefulSets,
            DaemonSets = await daemonSets,
            Services = await services,
            Endpoints = await endpoints,
            Ingresses = await ingresses,
            Autoscalers = await autoscalers,
            Claims = await claims,
            Events = await events,
            TlsSecrets = tlsSecrets,
            PodMetrics = await metrics,
        };
    }

    /// <summary>Null when the metrics API is not served.</summary>
    private async Task<IReadOnlyList<PodMetrics>?> ListPodMetricsAsync(string? ns, ListOptions options, Task<bool> served, CancellationToken cancellationToken) =>
        await served ? await api.ListAsync<PodMetrics>(ns, options, cancellationToken) : null;

    /// <summary>An Ingress may name a TLS Secret of another type (Opaque); those few are read one by one.</summary>
    private async Task<IEnumerable<V1Secret>> ReadIngressSecretsAsync(string ns, IReadOnlyList<V1Ingress> ingresses, List<V1Secret> known, CancellationToken cancellationToken)
    {
        var names = ingresses.SelectMany(i => i.Spec.Tls ?? []).Select(t => t.SecretName).OfType<string>()
            .Where(n => n.Length > 0 && known.All(s => s.Name() != n)).Distinct(StringComparer.Ordinal);
        var found = new List<V1Secret>();
        foreach (var name in names)
        {
            try
            {
                found.Add(await api.GetAsync<V1Secret>(ns, name, cancellationToken));
            }
            catch (KubernetesApiException e) when (e.IsNotFound)
            {
            }
        }

        return found;
    }

    private async Task<IReadOnlyList<OpsHealthResult>> ReadNodesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return NodeCheck.Evaluate(await api.ListAsync<V1Node>(null, null, cancellationToken)).ToList();
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            return
            [
                HealthFinding.Problem(HealthStatus.Unknown, HealthCheck.Nodes, HealthCodes.Nodes.NodesForbidden, null, "Node", "*",
                    "Your identity may not list nodes, so node conditions were not checked.",
                    "Ask for a ClusterRole with list on nodes, or leave Nodes out with -Check."),
            ];
        }
    }

    private static IEnumerable<NamespaceSnapshot> SplitByNamespace(NamespaceSnapshot all)
    {
        var names = all.Pods.Select(p => p.Namespace()).Concat(all.Deployments.Select(d => d.Namespace())).Concat(all.StatefulSets.Select(s => s.Namespace()))
            .Concat(all.DaemonSets.Select(d => d.Namespace())).Concat(all.Services.Select(s => s.Namespace())).Concat(all.Ingresses.Select(i => i.Namespace()))
            .Concat(all.Autoscalers.Select(h => h.Namespace())).Concat(all.Claims.Select(c => c.Namespace())).Concat(all.Events.Select(e => e.Namespace()))
            .Concat(all.TlsSecrets.Select(s => s.Namespace()))
            .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var ns in names)
        {
            yield return new NamespaceSnapshot
            {
                Namespace = ns,
                Pods = In(all.Pods, ns),
                Deployments = In(all.Deployments, ns),
                StatefulSets = In(all.StatefulSets, ns),
                DaemonSets = In(all.DaemonSets, ns),
                Services = In(all.Services, ns),
                Endpoints = In(all.Endpoints, ns),
                Ingresses = In(all.Ingresses, ns),
                Autoscalers = In(all.Autoscalers, ns),
                Claims = In(all.Claims, ns),
                Events = In(all.Events, ns),
                TlsSecrets = In(all.TlsSecrets, ns),
                PodMetrics = all.PodMetrics is null ? null : In(all.PodMetrics, ns),
            };
        }
    }

    private static List<T> In<T>(IReadOnlyList<T> items, string ns) where T : class, IMetadata<V1ObjectMeta> => items.Where(i => i.Namespace() == ns).ToList();
}
