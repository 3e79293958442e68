using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.BlueGreen.Istio;

/// <summary>Reads the VirtualService, its colour routes and both deployments and works out the shift; changes nothing.</summary>
internal static class WeightedTargetResolver
{
    public static async Task<WeightedTarget> ResolveAsync(IKubernetesApi api, BlueGreenOptions options, CancellationToken cancellationToken)
    {
        var name = options.VirtualService!;
        var type = await VirtualServiceStore.ResolveTypeAsync(api, options.Namespace, name, cancellationToken);
        var virtualService = await new VirtualServiceStore(api, type, options.Namespace, name).GetAsync(cancellationToken);
        var colors = ColorDestinations.Create(options);
        var routes = ColorRoutes.Find(virtualService, colors);
        var firstWeight = routes.WeightOf(colors.First.Color);
        var secondWeight = routes.WeightOf(colors.Second.Color);

        string to;
        if (options.To is { } requested)
        {
            if (!options.Colors.Contains(requested, StringComparer.Ordinal))
            {
                throw BlueGreenErrors.InvalidOptions($"-To {requested} is not one of the colours {string.Join(", ", options.Colors)}.", name);
            }

            to = requested;
        }
        else if (firstWeight == secondWeight)
        {
            throw BlueGreenErrors.AmbiguousWeights(name, $"{colors.First.Color} {firstWeight} %, {colors.Second.Color} {secondWeight} %");
        }
        else
        {
            to = firstWeight > secondWeight ? colors.Second.Color : colors.First.Color;
        }

        if (routes.AllTo(to))
        {
            throw BlueGreenErrors.AlreadyRouted(name, to);
        }

        var from = colors.Other(to).Color;
        var (active, idle) = await BlueGreenTargetResolver.ReadDeploymentsAsync(
            api, options.Namespace, colors.Of(from).Host, colors.Of(to).Host, cancellationToken);
        var replicas = options.Replicas ?? Math.Max(1, active.Spec.Replicas ?? 1);
        var colorService = await BlueGreenTargetResolver.TryGetAsync<V1Service>(api, options.Namespace, idle.Name(), cancellationToken);
        return new WeightedTarget(type, name, colors, routes.Count, routes.MatchedBy, routes.WeightOf(from), from, to, active, idle, replicas, colorService);
    }
}
