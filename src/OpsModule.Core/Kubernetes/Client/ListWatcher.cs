using System.Text.Json;
using k8s;
using k8s.Autorest;
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
                .ReadModelsAsync<T>(cancellationToken);
            var current = items.ToDictionary(i => i.Name(), StringComparer.Ordinal);
            if (Done(current, done) is { } listed)
            {
                return listed;
            }

            var expired = false;
            var events = kubernetes.CustomObjects.WatchListNamespacedCustomObjectAsync(
                type.Group, type.Version, @namespace, type.Plural,
                allowWatchBookmarks: false, fieldSelector: options.FieldSelector, labelSelector: options.LabelSelector,
                resourceVersion: version, timeoutSeconds: WatchSeconds,
                onError: e => expired |= e is KubernetesException { Status.Code: 410 },
                cancellationToken: cancellationToken);
            try
            {
                await foreach (var (kind, body) in events)
                {
                    if (Apply(current, kind, body) && Done(current, done) is { } watched)
                    {
                        return watched;
                    }
                }
            }
            catch (HttpOperationException e)
            {
                // Opening the watch was refused (RBAC, a bad selector): the same error as any other refused request.
                throw ApiCall.StatusFailure("WATCH", type.CollectionPath(@namespace), e.Response.StatusCode, e.Response.Content ?? string.Empty);
            }
            catch (HttpRequestException e)
            {
                throw ApiCall.ConnectionFailure(kubernetes.BaseUri, "WATCH", type.CollectionPath(@namespace), e);
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

    /// <summary>The current objects when <paramref name="done"/> holds for them, else null.</summary>
    private static List<T>? Done(Dictionary<string, T> current, Func<IReadOnlyList<T>, bool> done)
    {
        List<T> snapshot = [.. current.Values];
        return done(snapshot) ? snapshot : null;
    }
}
