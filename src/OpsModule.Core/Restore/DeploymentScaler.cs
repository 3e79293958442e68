using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.Restore;

/// <summary>Scales deployments to 0 for a restore (recording their replicas, waiting for their pods to go) and back afterwards.</summary>
internal sealed class DeploymentScaler
{
    private readonly IKubernetesApi _api;
    private readonly string _namespace;

    public DeploymentScaler(IKubernetesApi api, string @namespace)
    {
        _api = api;
        _namespace = @namespace;
    }

    /// <summary>The named deployments plus those matching the selector, each once; missing names fail before anything is scaled.</summary>
    private async Task<IReadOnlyList<V1Deployment>> ResolveAsync(IReadOnlyList<string> names, string? selector, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, V1Deployment>(StringComparer.Ordinal);
        foreach (var name in names.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            try
            {
                found.TryAdd(name, await _api.GetAsync<V1Deployment>(_namespace, name, cancellationToken));
            }
            catch (KubernetesApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                throw Failed($"Deployment '{name}' was not found in namespace '{_namespace}'", e);
            }
        }

        if (!string.IsNullOrWhiteSpace(selector))
        {
            var matching = await _api.ListAsync<V1Deployment>(_namespace, new ListOptions { LabelSelector = selector }, cancellationToken);
            if (matching.Count == 0 && found.Count == 0)
            {
                throw Failed($"No deployment in namespace '{_namespace}' matches the selector '{selector}'", null);
            }

            foreach (var deployment in matching)
            {
                found.TryAdd(deployment.Name(), deployment);
            }
        }

        return found.Values.ToList();
    }

    /// <summary>Scales one deployment to 0 and returns the replicas it had.</summary>
    private async Task<int> ScaleToZeroAsync(V1Deployment deployment, CancellationToken cancellationToken)
    {
        var scale = await _api.GetScaleAsync(ResourceTypes.Deployments, _namespace, deployment.Name(), cancellationToken);
        var replicas = scale.Spec.Replicas ?? 0;
        if (replicas != 0)
        {
            await _api.SetScaleAsync(ResourceTypes.Deployments, _namespace, deployment.Name(), 0, cancellationToken);
        }

        return replicas;
    }

    /// <summary>Waits until no pod of the deployments is left (terminating ones included: they may still write).</summary>
    private async Task WaitForPodsGoneAsync(IReadOnlyList<V1Deployment> deployments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var selectors = deployments.Select(d => LabelSelector.FromSpec(d.Spec.Selector)).Where(s => s is { IsEmpty: false }).ToList();
        try
        {
            foreach (var selector in selectors)
            {
                await _api.WaitForAsync<V1Pod>(_namespace, new ListOptions { LabelSelector = selector!.ToString() }, pods => pods.Count == 0, deadline.Token);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OpsException(
                DatabaseRestoreErrorIds.ScaleDownFailed, OpsErrorCategory.OperationTimeout,
                $"The pods of {string.Join(", ", deployments.Select(d => d.Name()))} were still running {timeout.TotalSeconds:0} s after scaling to 0. "
                + "The restore did not start; the deployments were scaled back.",
                $"Check why the pods do not terminate: kubectl get pods -n {_namespace}; kubectl describe pod … (finalizers, long terminationGracePeriodSeconds), or raise the timeout.",
                _namespace, e);
        }
    }

    /// <summary>Scales the deployments to 0, adding each to <paramref name="scaled"/> as soon as it is (so a failure still scales it back), and waits for their pods to go.</summary>
    public async Task ScaleDownAsync(DatabaseRestoreRequest request, List<OpsScaledDeployment> scaled, CancellationToken cancellationToken)
    {
        var deployments = await ResolveAsync(request.ScaleDown, request.ScaleDownSelector, cancellationToken);
        foreach (var deployment in deployments)
        {
            var replicas = await ScaleToZeroAsync(deployment, cancellationToken);
            scaled.Add(new OpsScaledDeployment(_namespace, deployment.Name(), replicas));
        }

        await WaitForPodsGoneAsync(deployments, request.ScaleDownTimeout, cancellationToken);
    }

    /// <summary>Scales each deployment back to its recorded replicas; not with the caller's token: a cancelled restore must still bring the applications back.</summary>
    public async Task ScaleBackAsync(IReadOnlyList<OpsScaledDeployment> scaled)
    {
        List<Exception>? failures = null;
        foreach (var deployment in scaled)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                await _api.SetScaleAsync(ResourceTypes.Deployments, _namespace, deployment.Name, deployment.Replicas, timeout.Token);
                deployment.Restored = true;
            }
            catch (Exception e) when (e is KubernetesApiException or OperationCanceledException or HttpRequestException)
            {
                (failures ??= []).Add(e);
            }
        }

        if (failures is not null)
        {
            var names = string.Join(", ", scaled.Where(d => !d.Restored).Select(d => $"{d.Name} to {d.Replicas}"));
            throw new OpsException(
                DatabaseRestoreErrorIds.ScaleDownFailed, OpsErrorCategory.ConnectionError,
                $"Scaling back failed for: {names}. Scale them by hand.",
                $"kubectl scale deployment <name> --replicas=<n> -n {scaled[0].Namespace}", names, new AggregateException(failures));
        }
    }

    private OpsException Failed(string reason, Exception? inner) => new(
        DatabaseRestoreErrorIds.ScaleDownFailed, OpsErrorCategory.ObjectNotFound,
        reason + ". Nothing was scaled and nothing was restored.",
        $"List the deployments with: kubectl get deployments -n {_namespace} --show-labels",
        _namespace, inner);
}
