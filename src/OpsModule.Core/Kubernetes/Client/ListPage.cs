using System.Text.Json.Serialization;
using k8s.Models;

namespace OpsModule.Core.Kubernetes.Client;

/// <summary>One page of a list. KubernetesClient's own list type needs IKubernetesObject items, which metrics are not.</summary>
internal sealed class ListPage<T>
{
    [JsonPropertyName("metadata")]
    public V1ListMeta? Metadata { get; set; }

    [JsonPropertyName("items")]
    public IList<T>? Items { get; set; }
}
