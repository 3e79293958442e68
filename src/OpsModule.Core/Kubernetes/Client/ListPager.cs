using System.Net;
using k8s.Autorest;

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
                page = await ApiCall.RunAsync(kubernetes.BaseUri, "GET", path, () => PageAsync<TPage>(continueToken, cancellationToken))
                    .ConfigureAwait(false);
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
