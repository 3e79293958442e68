using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.Backup;

/// <summary>Finds the pod pg_dump runs in: the named one, or the first Running and Ready pod (by name) a selector matches.</summary>
internal static class DatabasePodFinder
{
    /// <param name="fail">Words the error of the job looking (backup, restore).</param>
    /// <returns>The pod name and a note for the progress stream when the choice was not obvious (null otherwise).</returns>
    public static async Task<(string Pod, string? Note)> FindAsync(
        IKubernetesApi api, string @namespace, string? podName, string? selector, Func<DatabasePodProblem, OpsException> fail, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(podName))
        {
            return (await CheckNamedAsync(api, @namespace, podName, selector ?? BackupServiceRequest.DefaultSelector, fail, cancellationToken), null);
        }

        selector = string.IsNullOrWhiteSpace(selector) ? BackupServiceRequest.DefaultSelector : selector;
        LabelSelector.Parse(selector); // rejects a malformed selector before the API call
        var pods = await api.ListAsync<V1Pod>(@namespace, new ListOptions { LabelSelector = selector }, cancellationToken);
        var ready = pods.Where(IsReady).OrderBy(p => p.Name(), StringComparer.Ordinal).ToArray();
        if (ready.Length == 0)
        {
            var seen = pods.Count == 0
                ? "no pod matches it"
                : "none of the matching pods is Running and Ready: " + string.Join(", ", pods.Select(p => $"{p.Name()} ({Describe(p)})"));
            throw fail(new DatabasePodProblem(DatabasePodProblemKind.NoReadyPod, @namespace, null, selector, seen));
        }

        var note = ready.Length > 1
            ? $"{ready.Length} ready pods match '{selector}' ({string.Join(", ", ready.Select(p => p.Name()))}); using {ready[0].Name()}, the first by name. Give -PodName to choose another."
            : null;
        return (ready[0].Name(), note);
    }

    private static async Task<string> CheckNamedAsync(
        IKubernetesApi api, string @namespace, string podName, string selector, Func<DatabasePodProblem, OpsException> fail, CancellationToken cancellationToken)
    {
        V1Pod pod;
        try
        {
            pod = await api.GetAsync<V1Pod>(@namespace, podName, cancellationToken);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            throw fail(new DatabasePodProblem(DatabasePodProblemKind.NamedPodMissing, @namespace, podName, selector, "missing", e));
        }

        if (!string.Equals(pod.Status.Phase, "Running", StringComparison.Ordinal))
        {
            throw fail(new DatabasePodProblem(DatabasePodProblemKind.NamedPodNotRunning, @namespace, podName, selector, Describe(pod)));
        }

        return pod.Name();
    }

    internal static bool IsReady(V1Pod pod) =>
        string.Equals(pod.Status.Phase, "Running", StringComparison.Ordinal)
        && pod.Metadata.DeletionTimestamp is null
        && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static string Describe(V1Pod pod)
    {
        var phase = pod.Status.Phase ?? "Unknown";
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            return phase + ", terminating";
        }

        return IsReady(pod) ? phase + ", ready" : phase + ", not ready";
    }
}
