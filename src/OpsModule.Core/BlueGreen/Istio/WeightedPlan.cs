using k8s.Models;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.BlueGreen.Istio;

/// <summary>The steps of a weight shift, for -WhatIf and the progress bar.</summary>
internal static class WeightedPlan
{
    public static async Task<BlueGreenPlan> CreateAsync(IKubernetesApi api, BlueGreenOptions options, CancellationToken cancellationToken)
    {
        var target = await WeightedTargetResolver.ResolveAsync(api, options, cancellationToken);
        return new BlueGreenPlan
        {
            Namespace = options.Namespace,
            Service = string.Empty,
            VirtualService = target.VirtualService,
            TrafficSteps = options.TrafficSteps,
            From = target.From,
            To = target.To,
            ActiveDeployment = target.Active.Name(),
            IdleDeployment = target.Idle.Name(),
            Replicas = target.Replicas,
            Image = options.Image,
            Steps = BlueGreenPlan.Planned(Describe(options, target)),
        };
    }

    public static string DescribeTarget(BlueGreenOptions options, WeightedTarget target) =>
        $"VirtualService {target.VirtualService} ({target.Type.ApiVersion}) sends {target.FromWeight} % to {target.From} ({target.Active.Name()}) "
        + $"on {target.RouteCount} route(s) matched by {target.MatchedBy}; shifting to {target.To} ({target.Idle.Name()}) in "
        + $"{string.Join(", ", options.TrafficSteps)} %";

    public static IReadOnlyList<(string Name, string Description)> Describe(BlueGreenOptions options, WeightedTarget target)
    {
        var steps = new List<(string, string)>
        {
            (StepNames.AcquireLock, $"annotate VirtualService {target.VirtualService} with {SwitchLock.AnnotationKey}"),
            (StepNames.ReadActiveColor, DescribeTarget(options, target)),
        };
        StepNames.AddPreparation(steps, options, target.Idle, target.Replicas);
        var gate = $"gate (pods answer {options.HealthPath} {options.HealthyChecks}x"
            + (options.HealthCheck ? ", health checks" : "")
            + (target.ColorService is null ? "" : $", Service {target.ColorService.Name()} answers") + ")";
        for (var i = 0; i < options.TrafficSteps.Count; i++)
        {
            var percent = options.TrafficSteps[i];
            var hold = i == options.TrafficSteps.Count - 1 ? options.VerifyDuration : options.StepInterval;
            steps.Add((StepNames.Weight(percent),
                $"{gate}, then weights {target.To} {percent} % / {target.From} {100 - percent} %, watch {hold.TotalSeconds:0.#} s"));
        }

        StepNames.AddRetirement(steps, options, target.Active.Name(), $"VirtualService {target.VirtualService}");
        return steps;
    }
}
