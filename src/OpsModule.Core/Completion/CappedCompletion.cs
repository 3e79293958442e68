namespace OpsModule.Core.Completion;

/// <summary>
/// Runs a lister under a wall-clock cap and swallows every failure: tab completion must come back quickly with what it has,
/// or with nothing, and must never show an error. The lister runs on the thread pool, so even a lister that blocks
/// (a hung connection, a slow exec plugin) cannot hold the shell past the cap; it is cancelled and left to unwind alone.
/// </summary>
public static class CappedCompletion
{
    /// <summary>The longest a completion may take, kubeconfig reading and every request included.</summary>
    public static readonly TimeSpan DefaultCap = TimeSpan.FromSeconds(2);

    public static IReadOnlyList<CompletionCandidate> Run(
        Func<CancellationToken, Task<IEnumerable<CompletionName>>> lister, CompletionWord word, TimeSpan? cap = null)
    {
        ArgumentNullException.ThrowIfNull(lister);
        ArgumentNullException.ThrowIfNull(word);
        var limit = cap ?? DefaultCap;
        var cancellation = new CancellationTokenSource(limit);
        var work = Task.Run(() => lister(cancellation.Token), cancellation.Token);
        // Whatever happens to the work later (cancelled, failed after the cap) is observed here and the timer released.
        _ = work.ContinueWith(
            static (t, state) =>
            {
                _ = t.Exception;
                ((CancellationTokenSource)state!).Dispose();
            },
            cancellation, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            if (!work.Wait(limit))
            {
                cancellation.Cancel();
                return [];
            }

            return CompletionList.Select(work.Result, word);
        }
        catch (Exception)
        {
            // An unreachable cluster, a broken kubeconfig, a missing store: completion offers nothing and says nothing.
            return [];
        }
    }
}
