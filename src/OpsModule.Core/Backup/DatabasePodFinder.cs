using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.Backup;

/// <summary>Finds the pod pg_dump runs in: the named one, or the first Running and Ready pod (by name) a selector matches.</summary>
internal static class DatabasePodFinder
{
    /// <returns>The pod name and a note for the progress stream when the choice was not obvious (null otherwise).</returns>
    public static async Task<(string Pod, string? Note)> FindAsync(
        IKubernetesApi api, string @namespace, string? podName, string? selector, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(podName))
        {
            return (await CheckNamedAsync(api, @namespace, podName, cancellationToken).ConfigureAwait(false), null);
        }

        selector = string.IsNullOrWhiteSpace(selector) ? BackupServiceRequest.DefaultSelector : selector;
        LabelSelector.Parse(selector); // rejects a malformed selector before the API call
        var pods = await api.ListAsync<V1Pod>(@namespace, new ListOptions { LabelSelector = selector }, cancellationToken).ConfigureAwait(false);
        var ready = pods.Where(IsReady).OrderBy(p => p.Name(), StringComparer.Ordinal).ToArray();
        if (ready.Length == 0)
        {
            var seen = pods.Count == 0
                ? "no pod matches it"
                : "none of the matching pods is Running and Ready: " + string.Join(", ", pods.Select(p => $"{p.Name()} ({Describe(p)})"));
            throw new OpsException(BackupServiceErrorIds.NoDatabasePod, OpsErrorCategory.ObjectNotFound,
                $"No database pod to back up from in namespace '{@namespace}' with selector '{selector}': {seen}.",
                $"Check with: kubectl get pods -n {@namespace} -l {selector}; give -Selector or -PodName to choose the database pod.",
                selector);
        }

        var note = ready.Length > 1
            ? $"{ready.Length} ready pods match '{selector}' ({string.Join(", ", ready.Select(p => p.Name()))}); using {ready[0].Name()}, the first by name. Give -PodName to choose another."
            : null;
        return (ready[0].Name(), note);
    }

    private static async Task<string> CheckNamedAsync(IKubernetesApi api, string @namespace, string podName, CancellationToken cancellationToken)
    {
        V1Pod pod;
        try
        {
            pod = await api.GetAsync<V1Pod>(@namespace, podName, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            throw new OpsException(BackupServiceErrorIds.PodNotFound, OpsErrorCategory.ObjectNotFound,
                $"The pod '{podName}' does not exist in namespace '{@namespace}'.",
                $"List the pods with: kubectl get pods -n {@namespace}; or leave out -PodName to pick one by -Selector.", podName, e);
        }

        if (!string.Equals(pod.Status.Phase, "Running", StringComparison.Ordinal))
        {
            throw new OpsException(BackupServiceErrorIds.PodNotRunning, OpsErrorCategory.ResourceUnavailable,
                $"The pod '{podName}' in namespace '{@namespace}' is {Describe(pod)}, so pg_dump cannot run in it.",
                $"Check it with: kubectl describe pod {podName} -n {@namespace}", podName);
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
