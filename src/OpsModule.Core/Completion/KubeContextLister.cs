using OpsModule.Core.Kubernetes.Config;

namespace OpsModule.Core.Completion;

/// <summary>The contexts of the kubeconfig (an explicit file, else KUBECONFIG merged, else ~/.kube/config), read from the files alone: no network.</summary>
public static class KubeContextLister
{
    public static IEnumerable<CompletionName> List(string? kubeConfigPath) => List(kubeConfigPath, KubeConfigEnvironment.Current);

    internal static IEnumerable<CompletionName> List(string? kubeConfigPath, KubeConfigEnvironment environment)
    {
        var merged = new MergedKubeConfig();
        foreach (var file in KubeConfigLocator.Locate(kubeConfigPath, environment).Files)
        {
            merged.Add(KubeConfigParser.ParseFile(file));
        }

        return merged.Contexts
            .Select(c => new CompletionName(c.Key, ToolTip(c.Key, c.Value, c.Key == merged.CurrentContext)))
            .ToArray();
    }

    private static string ToolTip(string name, k8s.KubeConfigModels.ContextDetails context, bool current) =>
        $"Context {name}: cluster {context.Cluster}, namespace {(string.IsNullOrEmpty(context.Namespace) ? "default" : context.Namespace)}"
        + (current ? " (current)" : string.Empty);
}
