using OpsModule.Core.Health;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Config;
using OpsModule.Core.Storage;

namespace OpsModule.Core.Completion;

/// <summary>
/// What the cmdlets' argument completers call: each method lists from the kubeconfig, the cluster, the store or the module itself,
/// keeps what matches the typed word, and returns within the cap (<see cref="CappedCompletion.DefaultCap"/>) with an empty list when
/// anything fails. None of them throws.
/// </summary>
public static class ArgumentCompletion
{
    /// <summary>One attempt per request, bounded by the cap: a completion has no time for retries.</summary>
    private static KubernetesClientOptions ClientOptions(TimeSpan cap) => new() { MaxRetries = 0, RequestTimeout = cap };

    public static IReadOnlyList<CompletionCandidate> Contexts(string? kubeConfigPath, string? typed, TimeSpan? cap = null) =>
        CappedCompletion.Run(_ => Task.FromResult(KubeContextLister.List(kubeConfigPath)), CompletionWord.Parse(typed), cap);

    public static IReadOnlyList<CompletionCandidate> ClusterNames(ClusterNameKind kind, ClusterLookup lookup, string? typed, TimeSpan? cap = null) =>
        FromCluster(lookup, typed, cap, (api, ns, token) => ClusterNameLister.ListAsync(api, kind, ns, token));

    /// <summary>Switch-BlueGreen -Deployment: the base names of the colour deployments (<c>web</c> for web-blue and web-green).</summary>
    public static IReadOnlyList<CompletionCandidate> ColorBaseNames(ClusterLookup lookup, IReadOnlyList<string> colors, string? typed, TimeSpan? cap = null) =>
        FromCluster(lookup, typed, cap, (api, ns, token) => ClusterNameLister.ListColorBaseNamesAsync(api, ns, colors, token));

    /// <param name="openStore">Opens the store named on the command line; called inside the cap, so a slow S3 client counts.</param>
    /// <param name="context">The typed context filter, or null.</param>
    /// <param name="namespace">The typed namespace filter, or null.</param>
    public static IReadOnlyList<CompletionCandidate> StoreNames(
        StoreNameKind kind, Func<IBackupStore> openStore, string? context, string? @namespace, string? typed, TimeSpan? cap = null)
    {
        ArgumentNullException.ThrowIfNull(openStore);
        return CappedCompletion.Run(async token =>
        {
            await using var store = openStore();
            return await StoreNameLister.ListAsync(store, kind, context, @namespace, token).ConfigureAwait(false);
        }, CompletionWord.Parse(typed), cap);
    }

    /// <summary>The finding codes of Get-OpsHealth (for -ExcludeCode): no cluster involved.</summary>
    public static IReadOnlyList<CompletionCandidate> HealthCodes(string? typed) =>
        CompletionList.Select(
            Health.HealthCodes.All.Select(c => new CompletionName(c.Code, $"Health code of the {c.Check} check")),
            CompletionWord.Parse(typed));

    private static IReadOnlyList<CompletionCandidate> FromCluster(
        ClusterLookup lookup, string? typed, TimeSpan? cap, Func<IKubernetesApi, string, CancellationToken, Task<IEnumerable<CompletionName>>> list)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var limit = cap ?? CappedCompletion.DefaultCap;
        return CappedCompletion.Run(async token =>
        {
            var configuration = KubernetesClientConfiguration.Load(lookup.KubeConfigPath, lookup.Context);
            using var api = new KubernetesApiClient(configuration, ClientOptions(limit));
            return await list(api, lookup.Namespace ?? configuration.Namespace, token).ConfigureAwait(false);
        }, CompletionWord.Parse(typed), limit);
    }
}
