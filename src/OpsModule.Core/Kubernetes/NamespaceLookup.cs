using System.Net;
using OpsModule.Core.Errors;
using k8s.Models;

namespace OpsModule.Core.Kubernetes;

/// <summary>
/// Tells a namespace that does not exist from one that is merely empty: listing in a missing namespace answers an empty list,
/// so a typo would otherwise look healthy.
/// </summary>
public static class NamespaceLookup
{
    /// <summary>
    /// Null when <paramref name="namespace"/> exists, or when this identity may not read namespaces (a namespaced Role cannot
    /// GET its own Namespace object, so 403 proves nothing); otherwise the error to report for it.
    /// </summary>
    public static async Task<OpsException?> FindMissingAsync(IKubernetesApi api, string @namespace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        try
        {
            await api.GetAsync<V1Namespace>(null, @namespace, cancellationToken);
            return null;
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            return null;
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return NotFound(@namespace, e);
        }
    }

    public static OpsException NotFound(string @namespace, Exception? innerException = null) => new(
        OpsErrorIds.NamespaceNotFound,
        OpsErrorCategory.ObjectNotFound,
        $"Namespace '{@namespace}' does not exist in this cluster.",
        "Check the spelling (kubectl get namespaces lists them; Get-OpsHealth -Namespace completes them with Tab) and that -Context points at the right cluster.",
        @namespace,
        innerException);
}
