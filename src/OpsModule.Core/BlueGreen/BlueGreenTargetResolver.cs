using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.BlueGreen;

/// <summary>Reads the Service and both deployments and works out the switch; changes nothing.</summary>
internal static class BlueGreenTargetResolver
{
    public static async Task<BlueGreenTarget> ResolveAsync(IKubernetesApi api, BlueGreenOptions options, CancellationToken cancellationToken)
    {
        var serviceName = options.Service ?? throw BlueGreenErrors.NoService();
        var service = await TryGetAsync<V1Service>(api, options.Namespace, serviceName, cancellationToken)
            ?? throw BlueGreenErrors.ServiceNotFound(options.Namespace, serviceName);
        var selector = service.Spec.Selector;
        var key = options.SelectorKey ?? DetectKey(selector, options.Colors)
            ?? throw BlueGreenErrors.NoColorKey(serviceName, selector, options.Colors);
        if (selector is null || !selector.TryGetValue(key, out var from))
        {
            throw BlueGreenErrors.SelectorKeyMissing(serviceName, key, selector);
        }

        var record = SwitchRecord.Read(service.Metadata.Annotations);
        var recorded = options.Rollback && record is not null && record.To == from;
        string to;
        if (recorded)
        {
            to = record!.From;
        }
        else if (options.Rollback)
        {
            to = OtherColor(options.Colors, from) ?? throw BlueGreenErrors.NoRollbackTarget(serviceName, key, from);
        }
        else
        {
            to = options.To ?? OtherColor(options.Colors, from) ?? throw BlueGreenErrors.NoTarget(serviceName, key, from);
        }

        if (to == from)
        {
            throw BlueGreenErrors.AlreadyActive(serviceName, key, from);
        }

        var activeName = recorded ? record!.ToDeployment : DeploymentName(options, from);
        var idleName = recorded ? record!.FromDeployment : DeploymentName(options, to);
        var (active, idle) = await ReadDeploymentsAsync(api, options.Namespace, activeName, idleName, cancellationToken);
        var replicas = options.Replicas ?? (recorded ? Math.Max(1, record!.FromReplicas) : Math.Max(1, active.Spec.Replicas ?? 1));
        return new BlueGreenTarget(service, key, from, to, active, idle, replicas, record, recorded);
    }

    /// <summary>Both deployments, or one error naming every missing one.</summary>
    public static async Task<(V1Deployment Active, V1Deployment Idle)> ReadDeploymentsAsync(
        IKubernetesApi api, string ns, string activeName, string idleName, CancellationToken cancellationToken)
    {
        var active = await TryGetAsync<V1Deployment>(api, ns, activeName, cancellationToken);
        var idle = await TryGetAsync<V1Deployment>(api, ns, idleName, cancellationToken);
        var missing = new List<string>();
        if (active is null)
        {
            missing.Add(activeName);
        }

        if (idle is null)
        {
            missing.Add(idleName);
        }

        if (missing.Count > 0)
        {
            throw BlueGreenErrors.DeploymentsNotFound(ns, missing);
        }

        return (active!, idle!);
    }

    private static string? DetectKey(IDictionary<string, string>? selector, IReadOnlyList<string> colors) =>
        selector?.FirstOrDefault(s => colors.Contains(s.Value, StringComparer.Ordinal)).Key;

    public static string? OtherColor(IReadOnlyList<string> colors, string current) =>
        colors.Count == 2 && colors.Contains(current, StringComparer.Ordinal) ? colors.First(c => c != current) : null;

    public static string DeploymentName(BlueGreenOptions options, string color)
    {
        if (options.Colors.Count > 0 && color == options.Colors[0] && options.BlueDeployment is { } blue)
        {
            return blue;
        }

        if (options.Colors.Count > 1 && color == options.Colors[1] && options.GreenDeployment is { } green)
        {
            return green;
        }

        return options.Deployment is { } baseName ? $"{baseName}-{color}" : throw BlueGreenErrors.NoDeploymentName(color);
    }

    public static async Task<T?> TryGetAsync<T>(IKubernetesApi api, string ns, string name, CancellationToken cancellationToken)
        where T : class, IMetadata<V1ObjectMeta>
    {
        try
        {
            return await api.GetAsync<T>(ns, name, cancellationToken);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }
}
