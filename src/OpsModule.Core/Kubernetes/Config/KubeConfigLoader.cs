namespace OpsModule.Core.Kubernetes.Config;

/// <summary>Loads kubeconfig files, merges them and turns the selected context into a <see cref="KubernetesClientConfiguration"/>.</summary>
internal static class KubeConfigLoader
{
    public static KubernetesClientConfiguration Load(string? explicitPath, string? context, KubeConfigEnvironment environment)
    {
        try
        {
            return LoadCore(explicitPath, context, environment);
        }
        catch (KubeConfigException e)
        {
            var target = e.Kind == KubeConfigErrorKind.ContextNotFound && context is not null
                ? context
                : explicitPath is not null ? Path.GetFullPath(explicitPath) : environment.GetVariable("KUBECONFIG") is { Length: > 0 } variable ? variable : "~/.kube/config";
            throw e.WithTarget(target);
        }
    }

    private static KubernetesClientConfiguration LoadCore(string? explicitPath, string? context, KubeConfigEnvironment environment)
    {
        var (files, lookedIn) = KubeConfigLocator.Locate(explicitPath, environment);
        if (files.Count == 0)
        {
            if (InClusterConfiguration.IsAvailable(environment))
            {
                return InClusterConfiguration.Create(environment);
            }

            throw new KubeConfigException(
                KubeConfigErrorKind.NotFound,
                $"no kubeconfig found (looked in {lookedIn}) and not running inside a cluster: set KUBECONFIG or pass -KubeConfig.");
        }

        var merged = new MergedKubeConfig();
        foreach (var file in files)
        {
            merged.Add(KubeConfigParser.ParseFile(file));
        }

        return KubeConfigResolver.Resolve(merged, context) with { SourceFiles = files };
    }

    public static KubernetesClientConfiguration FromText(string yaml, string? context, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var directory = Path.GetFullPath(baseDirectory ?? Directory.GetCurrentDirectory());
        var merged = new MergedKubeConfig();
        merged.Add(KubeConfigParser.Parse(yaml, "the kubeconfig text", "the kubeconfig text", directory));
        return KubeConfigResolver.Resolve(merged, context);
    }
}
