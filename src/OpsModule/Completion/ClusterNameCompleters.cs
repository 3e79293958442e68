using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using OpsModule.Core.Completion;

namespace OpsModule.Completion;

/// <summary>Completes a name of <paramref name="kind"/> from the cluster and namespace the command line already names.</summary>
internal abstract class ClusterNameCompleter(ClusterNameKind kind) : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompleterArguments.Results(ArgumentCompletion.ClusterNames(kind, CompleterArguments.Cluster(fakeBoundParameters), wordToComplete));
}

internal sealed class NamespaceCompleter() : ClusterNameCompleter(ClusterNameKind.Namespace);

internal sealed class ServiceCompleter() : ClusterNameCompleter(ClusterNameKind.Service);

internal sealed class DeploymentCompleter() : ClusterNameCompleter(ClusterNameKind.Deployment);

internal sealed class VirtualServiceCompleter() : ClusterNameCompleter(ClusterNameKind.VirtualService);

internal sealed class PodCompleter() : ClusterNameCompleter(ClusterNameKind.Pod);

/// <summary>Switch-BlueGreen -Deployment: base names whose colour deployments (-Colors, default blue and green) exist.</summary>
internal sealed class ColorBaseNameCompleter : IArgumentCompleter
{
    private static readonly string[] DefaultColors = ["blue", "green"];

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompleterArguments.Results(ArgumentCompletion.ColorBaseNames(
            CompleterArguments.Cluster(fakeBoundParameters), CompleterArguments.Texts(fakeBoundParameters, "Colors") ?? DefaultColors, wordToComplete));
}

/// <summary>Contexts of the kubeconfig (-KubeConfig when typed): read from the file, no cluster contacted.</summary>
internal sealed class KubeContextCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompleterArguments.Results(ArgumentCompletion.Contexts(CompleterArguments.Cluster(fakeBoundParameters).KubeConfigPath, wordToComplete));
}

/// <summary>Get-OpsHealth -ExcludeCode: the module's own finding codes.</summary>
internal sealed class HealthCodeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompleterArguments.Results(ArgumentCompletion.HealthCodes(wordToComplete));
}
