using System.Text.Json.Nodes;
using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.BlueGreen;

/// <summary>The deployment of one colour: image, scale, rollout and its ready pods.</summary>
internal sealed class ColorDeployment
{
    private readonly IKubernetesApi _api;
    private readonly string _namespace;
    private readonly Dictionary<string, string?> _initialImages;
    private string? _changedContainer;

    public ColorDeployment(IKubernetesApi api, string @namespace, V1Deployment deployment)
    {
        _api = api;
        _namespace = @namespace;
        Name = deployment.Name();
        InitialReplicas = deployment.Spec.Replicas ?? 1;
        Selector = LabelSelector.FromSpec(deployment.Spec.Selector)?.ToString() ?? string.Empty;
        Containers = deployment.Spec.Template.Spec.Containers.Select(c => c.Name).ToList();
        _initialImages = deployment.Spec.Template.Spec.Containers.ToDictionary(c => c.Name, c => (string?)c.Image, StringComparer.Ordinal);
    }

    public string Name { get; }

    public int InitialReplicas { get; }

    public string Selector { get; }

    public IReadOnlyList<string> Containers { get; }

    public async Task<string> SetImageAsync(string image, string? container, CancellationToken cancellationToken)
    {
        var target = container ?? (Containers.Count == 1
            ? Containers[0]
            : throw new BlueGreenStepException($"Deployment '{Name}' has {Containers.Count} containers ({string.Join(", ", Containers)}); say which with -Container."));
        if (!Containers.Contains(target))
        {
            throw new BlueGreenStepException($"Deployment '{Name}' has no container '{target}' (it has {string.Join(", ", Containers)}).");
        }

        _changedContainer = target;
        await PatchImageAsync(target, image, cancellationToken);
        return $"{Name}/{target} image set to {image}";
    }

    /// <summary>Puts back the replicas and (if <see cref="SetImageAsync"/> changed it) the image the deployment had before the switch.</summary>
    public async Task<string> RestoreAsync(CancellationToken cancellationToken)
    {
        var message = await ScaleAsync(InitialReplicas, cancellationToken);
        if (_changedContainer is { } container && _initialImages.GetValueOrDefault(container) is { } image)
        {
            await PatchImageAsync(container, image, cancellationToken);
            message += $", image back to {image}";
        }

        return message;
    }

    private async Task PatchImageAsync(string container, string image, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = container, ["image"] = image }) },
                },
            },
        };
        await _api.PatchAsync<V1Deployment>(_namespace, Name, PatchType.StrategicMerge, patch, cancellationToken);
    }

    public async Task<string> ScaleAsync(int replicas, CancellationToken cancellationToken)
    {
        await _api.SetScaleAsync(ResourceTypes.Deployments, _namespace, Name, replicas, cancellationToken);
        return $"{Name} scaled to {replicas}";
    }

    /// <summary>Waits until the deployment is fully rolled out at <paramref name="replicas"/>; returns its ready pods.</summary>
    /// <remarks>Watches the deployment, then its pods, from their resourceVersion (as <c>kubectl rollout status</c> does) rather than polling.</remarks>
    public async Task<IReadOnlyList<V1Pod>> WaitForRolloutAsync(int replicas, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var state = "not observed yet";
        try
        {
            await _api.WaitForAsync<V1Deployment>(_namespace, new ListOptions { FieldSelector = $"metadata.name={Name}" }, found =>
            {
                if (found.FirstOrDefault() is not { } deployment)
                {
                    return false;
                }

                var status = deployment.Status;
                state = $"{status.UpdatedReplicas ?? 0} updated, {status.ReadyReplicas ?? 0} ready, {status.AvailableReplicas ?? 0} available of {replicas}";
                return (status.ObservedGeneration ?? 0) >= (deployment.Metadata.Generation ?? 0)
                    && (status.Replicas ?? 0) == replicas && (status.UpdatedReplicas ?? 0) == replicas
                    && (status.ReadyReplicas ?? 0) == replicas && (status.AvailableReplicas ?? 0) == replicas;
            }, deadline.Token);
            var pods = await _api.WaitForAsync<V1Pod>(_namespace, new ListOptions { LabelSelector = Selector },
                all => all.Count(IsServing) == replicas, deadline.Token);
            return pods.Where(IsServing).ToList();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var why = await WaitingReasonsAsync(cancellationToken);
            throw new BlueGreenStepException(
                $"Deployment '{Name}' was not rolled out within {timeout.TotalSeconds:0.#} s ({state}){(why.Length == 0 ? "" : ": " + why)}.");
        }
    }

    private static bool IsServing(V1Pod pod) => pod.Metadata.DeletionTimestamp is null && IsReady(pod);

    public async Task<IReadOnlyList<V1Pod>> ReadyPodsAsync(CancellationToken cancellationToken)
    {
        var pods = await _api.ListAsync<V1Pod>(_namespace, new ListOptions { LabelSelector = Selector }, cancellationToken);
        return pods.Where(IsServing).ToList();
    }

    private static bool IsReady(V1Pod pod) =>
        pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private async Task<string> WaitingReasonsAsync(CancellationToken cancellationToken)
    {
        var pods = await _api.ListAsync<V1Pod>(_namespace, new ListOptions { LabelSelector = Selector }, cancellationToken);
        var reasons = pods
            .SelectMany(p => p.Status.ContainerStatuses ?? [])
            .Select(c => c.State?.Waiting?.Reason)
            .OfType<string>()
            .GroupBy(r => r)
            .Select(g => $"{g.Count()} pod(s) {g.Key}");
        return string.Join(", ", reasons);
    }
}
