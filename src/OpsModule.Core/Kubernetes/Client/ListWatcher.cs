using System.Text.Json;
using k8s;
using k8s.Models;

namespace OpsModule.Core.Kubernetes.Client;

/// <summary>
/// Waits for a condition on the objects a list selects by watching them from the list's resourceVersion, as kubectl's
/// <c>rollout status</c> and <c>wait</c> do, instead of listing again and again. When the watch ends (the server's timeout)
/// or its version expired (410 Gone after compaction), it lists afresh and watches on from there.
/// </summary>
internal sealed class ListWatcher<T>(ClusterKubernetes kubernetes, ResourceType type, string @namespace, ListOptions options, KubernetesClientOptions clientOptions)
    where T : class, IMetadata<V1ObjectMeta>
{
    /// <summary>How long one watch request stays open before the server ends it and we list afresh.</summary>
    private const int WatchSeconds = 60;

    public async Task<IReadOnlyList<T>> WaitAsync(Func<IReadOnlyList<T>, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (items, version) = await new ListPager(kubernetes, type, @namespace, options, clientOptions)
                .ReadModelsAsync<T>(cancellationToken).ConfigureAwait(false);
            var current = items.ToDictionary(i => i.Name(), StringComparer.Ordinal);
            if (done(Snapshot(current)))
            {
                return Snapshot(current);
            }

            var expired = false;
            var events = kubernetes.CustomObjects.WatchListNamespacedCustomObjectAsync(
                type.Group, type.Version, @namespace, type.Plural,
                allowWatchBookmarks: false, fieldSelector: options.FieldSelector, labelSelector: options.LabelSelector,
                resourceVersion: version, timeoutSeconds: WatchSeconds,
                onError: e => expired |= e is KubernetesException { Status.Code: 410 },
                cancellationToken: cancellationToken);
            await foreach (var (kind, body) in events.ConfigureAwait(false))
            {
                if (!Apply(current, kind, body))
                {
                    continue;
                }

                if (done(Snapshot(current)))
                {
                    return Snapshot(current);
                }
            }

            clientOptions.Trace?.Invoke($"WATCH {type.CollectionPath(@namespace)} ended{(expired ? " (410: version expired)" : "")}; listing again");
        }
    }

    private static bool Apply(Dictionary<string, T> current, WatchEventType kind, object body)
    {
        if (kind is not (WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted) || body is not JsonElement json)
        {
            return false;
        }

        var item = ModelDefaults.Fill(KubernetesJson.Deserialize<T>(json.GetRawText()));
        if (kind == WatchEventType.Deleted)
        {
            current.Remove(item.Name());
        }
        else
        {
            current[item.Name()] = item;
        }

        return true;
    }

    private static List<T> Snapshot(Dictionary<string, T> current) => [.. current.Values];
}
