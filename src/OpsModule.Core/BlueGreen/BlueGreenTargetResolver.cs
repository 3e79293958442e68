using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Models;

namespace OpsModule.Core.BlueGreen;

/// <summary>Reads the Service and both deployments and works out the switch; changes nothing.</summary>
internal static class BlueGreenTargetResolver
{
    public static async Task<BlueGreenTarget> ResolveAsync(IKubernetesApi api, BlueGreenOptions options, CancellationToken cancellationToken)
    {
        var service = await TryGetAsync<Service>(api, options.Namespace, options.Service, cancellationToken)
            ?? throw BlueGreenErrors.ServiceNotFound(options.Namespace, options.Service);
        var selector = service.Spec.Selector;
        var key = options.SelectorKey ?? DetectKey(selector, options.Colors)
            ?? throw BlueGreenErrors.NoColorKey(options.Service, selector, options.Colors);
        if (selector is null || !selector.TryGetValue(key, out var from))
        {
            throw BlueGreenErrors.SelectorKeyMissing(options.Service, key, selector);
        }

        var to = options.To ?? OtherColor(options.Colors, from) ?? throw BlueGreenErrors.NoTarget(options.Service, key, from);
        if (to == from)
        {
            throw BlueGreenErrors.AlreadyActive(options.Service, key, from);
        }

        var activeName = DeploymentName(options, from);
        var idleName = DeploymentName(options, to);
        var active = await TryGetAsync<Deployment>(api, options.Namespace, activeName, cancellationToken);
        var idle = await TryGetAsync<Deployment>(api, options.Namespace, idleName, cancellationToken);
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
            throw BlueGreenErrors.DeploymentsNotFound(options.Namespace, missing);
        }

        var replicas = options.Replicas ?? Math.Max(1, active!.Spec.Replicas ?? 1);
        return new BlueGreenTarget(service, key, from, to, active!, idle!, replicas);
    }

    private static string? DetectKey(IReadOnlyDictionary<string, string>? selector, IReadOnlyList<string> colors) =>
        selector?.FirstOrDefault(s => colors.Contains(s.Value, StringComparer.Ordinal)).Key;

    private static string? OtherColor(IReadOnlyList<string> colors, string current) =>
        colors.Count == 2 && colors.Contains(current, StringComparer.Ordinal) ? colors.First(c => c != current) : null;

    private static string DeploymentName(BlueGreenOptions options, string color)
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

    private static async Task<T?> TryGetAsync<T>(IKubernetesApi api, string ns, string name, CancellationToken cancellationToken)
        where T : KubernetesObject
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
