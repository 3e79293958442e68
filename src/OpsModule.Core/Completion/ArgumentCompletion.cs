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
    /// <summary>One attempt per request: a completion has no time for retries. A request may outlive the cap, to serve the next Tab.</summary>
    private static readonly KubernetesClientOptions ClientOptions = new() { MaxRetries = 0, RequestTimeout = CappedCompletion.LateLifetime };

    public static IReadOnlyList<CompletionCandidate> Contexts(string? kubeConfigPath, string? typed, TimeSpan? cap = null) =>
        CappedCompletion.Run(_ => Task.FromResult(KubeContextLister.List(kubeConfigPath)), CompletionWord.Parse(typed), cap);

    public static IReadOnlyList<CompletionCandidate> ClusterNames(ClusterNameKind kind, ClusterLookup lookup, string? typed, TimeSpan? cap = null) =>
        FromCluster($"{kind}", lookup, typed, cap, (api, ns, token) => ClusterNameLister.ListAsync(api, kind, ns, token));

    /// <summary>Switch-BlueGreen -Deployment: the base names of the colour deployments (<c>web</c> for web-blue and web-green).</summary>
    public static IReadOnlyList<CompletionCandidate> ColorBaseNames(ClusterLookup lookup, IReadOnlyList<string> colors, string? typed, TimeSpan? cap = null) =>
        FromCluster($"ColorBaseName|{string.Join(',', colors)}", lookup, typed, cap, (api, ns, token) => ClusterNameLister.ListColorBaseNamesAsync(api, ns, colors, token));

    /// <param name="store">Names the store and how it is reached (location, endpoint, region, key id; never a secret), to recognise a repeated completion.</param>
    /// <param name="openStore">Opens the store named on the command line; called inside the cap, so a slow S3 client counts.</param>
    /// <param name="context">The typed context filter, or null.</param>
    /// <param name="namespace">The typed namespace filter, or null.</param>
    public static IReadOnlyList<CompletionCandidate> StoreNames(
        StoreNameKind kind, string store, Func<IBackupStore> openStore, string? context, string? @namespace, string? typed, TimeSpan? cap = null)
    {
        ArgumentNullException.ThrowIfNull(openStore);
        return CappedCompletion.Run($"store|{kind}|{store}|{context}|{@namespace}", async token =>
        {
            await using var opened = openStore();
            return await StoreNameLister.ListAsync(opened, kind, context, @namespace, token);
        }, CompletionWord.Parse(typed), cap);
    }

    /// <summary>The finding codes of Get-OpsHealth (for -ExcludeCode): no cluster involved.</summary>
    public static IReadOnlyList<CompletionCandidate> HealthCodes(string? typed) =>
        CompletionList.Select(
            Health.HealthCodes.All.Select(c => new CompletionName(c.Code, $"Health code of the {c.Check} check")),
            CompletionWord.Parse(typed));

    /// <param name="what">The kind listed, part of the key that recognises a repeated completion.</param>
    private static IReadOnlyList<CompletionCandidate> FromCluster(
        string what, ClusterLookup lookup, string? typed, TimeSpan? cap, Func<IKubernetesApi, string, CancellationToken, Task<IEnumerable<CompletionName>>> list)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        // Without -KubeConfig the files come from KUBECONFIG, which the user may change between two Tabs.
        var key = $"cluster|{what}|{lookup.KubeConfigPath ?? "KUBECONFIG=" + Environment.GetEnvironmentVariable("KUBECONFIG")}|{lookup.Context}|{lookup.Namespace}";
        return CappedCompletion.Run(key, async token =>
        {
            var configuration = KubernetesClientConfiguration.Load(lookup.KubeConfigPath, lookup.Context);
            using var api = new KubernetesApiClient(configuration, ClientOptions);
            return await list(api, lookup.Namespace ?? configuration.Namespace, token);
        }, CompletionWord.Parse(typed), cap);
    }
}
