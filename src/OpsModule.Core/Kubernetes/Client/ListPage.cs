using System.Text.Json.Serialization;
using k8s.Models;

namespace OpsModule.Core.Kubernetes.Client;

/// <summary>One page of a list (its "metadata" and "items"). KubernetesClient's own list type needs IKubernetesObject items, which metrics are not.</summary>
[JsonConverter(typeof(ListPageConverterFactory))]
internal sealed class ListPage<T>
{
    public V1ListMeta? Metadata { get; set; }

    public IList<T>? Items { get; set; }
}
