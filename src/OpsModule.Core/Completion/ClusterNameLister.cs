using System.Globalization;
using System.Net;
using OpsModule.Core.BlueGreen.Istio;
using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.Completion;

/// <summary>Lists the names of one kind of cluster object, with a tooltip saying what and where each one is.</summary>
public static class ClusterNameLister
{
    public static async Task<IEnumerable<CompletionName>> ListAsync(
        IKubernetesApi api, ClusterNameKind kind, string @namespace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        return kind switch
        {
            ClusterNameKind.Namespace => (await api.ListAsync<V1Namespace>(null, null, cancellationToken))
                .Select(n => new CompletionName(n.Name(), $"Namespace {n.Name()}{State(n.Status.Phase)}")),
            ClusterNameKind.Service => (await api.ListAsync<V1Service>(@namespace, null, cancellationToken))
                .Select(s => new CompletionName(s.Name(), $"Service {@namespace}/{s.Name()}{State(s.Spec.Type)}")),
            ClusterNameKind.Deployment => (await api.ListAsync<V1Deployment>(@namespace, null, cancellationToken))
                .Select(d => new CompletionName(d.Name(), $"Deployment {@namespace}/{d.Name()} ({Available(d)} available)")),
            ClusterNameKind.Pod => (await api.ListAsync<V1Pod>(@namespace, null, cancellationToken))
                .Select(p => new CompletionName(p.Name(), $"Pod {@namespace}/{p.Name()}{State(p.Status.Phase)}")),
            ClusterNameKind.VirtualService => (await ListVirtualServicesAsync(api, @namespace, cancellationToken))
                .Select(name => new CompletionName(name, $"VirtualService {@namespace}/{name}")),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>
    /// Base names for Switch-BlueGreen -Deployment: a deployment <c>&lt;base&gt;-&lt;colour&gt;</c> for one of <paramref name="colors"/>
    /// offers <c>&lt;base&gt;</c>; the tooltip names the colour deployments that exist.
    /// </summary>
    public static async Task<IEnumerable<CompletionName>> ListColorBaseNamesAsync(
        IKubernetesApi api, string @namespace, IReadOnlyList<string> colors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(colors);
        var deployments = await api.ListAsync<V1Deployment>(@namespace, null, cancellationToken);
        return deployments
            .SelectMany(d => colors
                .Where(color => d.Name().Length > color.Length + 1 && d.Name().EndsWith("-" + color, StringComparison.Ordinal))
                .Select(color => (Base: d.Name()[..^(color.Length + 1)], Deployment: d.Name())))
            .GroupBy(x => x.Base, StringComparer.Ordinal)
            .Select(g => new CompletionName(g.Key, $"Deployments {string.Join(", ", g.Select(x => x.Deployment).Order(StringComparer.Ordinal))} in {@namespace}"))
            .ToArray();
    }

    /// <summary>networking.istio.io/v1 where served, else v1beta1 (older Istio); none when Istio is not installed.</summary>
    private static async Task<IEnumerable<string>> ListVirtualServicesAsync(IKubernetesApi api, string @namespace, CancellationToken cancellationToken)
    {
        foreach (var type in new[] { VirtualServiceStore.V1, VirtualServiceStore.V1Beta1 })
        {
            try
            {
                var items = await api.ListAsync(type, @namespace, null, cancellationToken);
                return items.Select(i => (string?)i["metadata"]?["name"]).OfType<string>().ToArray();
            }
            catch (KubernetesApiException e) when (e.StatusCode is HttpStatusCode.NotFound)
            {
            }
        }

        return [];
    }

    private static string State(string? state) => string.IsNullOrEmpty(state) ? string.Empty : $" ({state})";

    private static string Available(V1Deployment d) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.Status.AvailableReplicas ?? 0}/{d.Spec.Replicas ?? 1}");
}
