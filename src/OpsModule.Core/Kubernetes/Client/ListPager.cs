using System.Net;
using k8s.Autorest;
using k8s.Models;

namespace OpsModule.Core.Kubernetes.Client;

/// <summary>
/// Reads a whole list page by page with <c>limit</c>/<c>continue</c>, as kubectl does; starts over once when the
/// continue token expired (410 Gone after compaction), so the result is one consistent list.
/// </summary>
internal sealed class ListPager(ClusterKubernetes kubernetes, ResourceType type, string? @namespace, ListOptions options, KubernetesClientOptions clientOptions)
{
    public async Task<IReadOnlyList<TItem>> ReadAllAsync<TPage, TItem>(
        Func<TPage, (IList<TItem>? Items, string? Continue)> read, CancellationToken cancellationToken)
    {
        var path = type.CollectionPath(@namespace);
        var all = new List<TItem>();
        string? continueToken = null;
        var restarted = false;
        do
        {
            TPage page;
            try
            {
                page = await ApiCall.RunAsync(kubernetes.BaseUri, "GET", path, () => PageAsync<TPage>(continueToken, cancellationToken));
            }
            catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Gone && continueToken is not null && !restarted)
            {
                clientOptions.Trace?.Invoke($"LIST {path}: continue token expired (410), listing again from the start");
                all.Clear();
                continueToken = null;
                restarted = true;
                continue;
            }

            var (items, next) = read(page);
            all.AddRange(items ?? []);
            continueToken = string.IsNullOrEmpty(next) ? null : next;
        }
        while (continueToken is not null);

        return all;
    }

    /// <summary>Every object of a typed list with its envelope filled, and the list's resourceVersion (where a watch starts).</summary>
    public async Task<(IReadOnlyList<T> Items, string? Version)> ReadModelsAsync<T>(CancellationToken cancellationToken)
        where T : class, IMetadata<V1ObjectMeta>
    {
        string? version = null;
        var items = await ReadAllAsync<ListPage<T>, T>(page =>
        {
            version = page.Metadata?.ResourceVersion;
            return (page.Items, page.Metadata?.ContinueProperty);
        }, cancellationToken);
        foreach (var item in items)
        {
            ModelDefaults.Fill(item);
        }

        return (items, version);
    }

    private Task<HttpOperationResponse<TPage>> PageAsync<TPage>(string? continueToken, CancellationToken cancellationToken)
    {
        var limit = options.PageSize > 0 ? options.PageSize : (int?)null;
        return type.Namespaced && !string.IsNullOrEmpty(@namespace)
            ? kubernetes.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<TPage>(
                type.Group, type.Version, @namespace, type.Plural, continueParameter: continueToken,
                fieldSelector: options.FieldSelector, labelSelector: options.LabelSelector, limit: limit, cancellationToken: cancellationToken)
            : kubernetes.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<TPage>(
                type.Group, type.Version, type.Plural, continueParameter: continueToken,
                fieldSelector: options.FieldSelector, labelSelector: options.LabelSelector, limit: limit, cancellationToken: cancellationToken);
    }
}
