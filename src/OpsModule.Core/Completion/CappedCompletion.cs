using System.Collections.Concurrent;

namespace OpsModule.Core.Completion;

/// <summary>
/// Runs a lister under a wall-clock cap and swallows every failure: tab completion must come back quickly with what it has,
/// or with nothing, and must never show an error. The lister runs on the thread pool, so even a lister that blocks
/// (a hung connection, a slow exec plugin) cannot hold the shell past the cap.
/// </summary>
/// <remarks>
/// A keyed listing that misses the cap is not thrown away: it may go on for <see cref="LateLifetime"/>, and when it succeeds its
/// names answer the next completion with the same key (the user pressing Tab again), once. A slow cluster thus completes on the
/// second Tab instead of never; a fast one is listed afresh every time. The next completion waits for a listing still running
/// rather than starting another.
/// </remarks>
public static class CappedCompletion
{
    /// <summary>The longest a completion may take, kubeconfig reading and every request included.</summary>
    public static readonly TimeSpan DefaultCap = TimeSpan.FromSeconds(2);

    /// <summary>How long a listing that missed the cap may go on, and how long its names stay ready for the next Tab.</summary>
    public static readonly TimeSpan LateLifetime = TimeSpan.FromSeconds(20);

    private static readonly ConcurrentDictionary<string, LateListing> Late = new(StringComparer.Ordinal);

    public static IReadOnlyList<CompletionCandidate> Run(
        Func<CancellationToken, Task<IEnumerable<CompletionName>>> lister, CompletionWord word, TimeSpan? cap = null) =>
        Run(null, lister, word, cap);

    /// <param name="key">What the listing lists (kind, cluster or store, namespace); null: never kept past the cap.</param>
    /// <param name="lister">Gets a token cancelled after <see cref="LateLifetime"/> (keyed) or at the cap (not keyed).</param>
    public static IReadOnlyList<CompletionCandidate> Run(
        string? key, Func<CancellationToken, Task<IEnumerable<CompletionName>>> lister, CompletionWord word, TimeSpan? cap = null)
    {
        ArgumentNullException.ThrowIfNull(lister);
        ArgumentNullException.ThrowIfNull(word);
        var limit = cap ?? DefaultCap;
        var listing = TakeLate(key) ?? Start(lister, key is null ? limit : LateLifetime);
        try
        {
            if (!listing.Work.Wait(limit))
            {
                if (key is not null)
                {
                    Late[key] = listing;
                }

                return [];
            }

            return CompletionList.Select(listing.Work.Result, word);
        }
        catch (Exception)
        {
            // An unreachable cluster, a broken kubeconfig, a missing store: completion offers nothing and says nothing.
            return [];
        }
        finally
        {
            if (key is not null && listing.Work.IsCompleted)
            {
                Late.TryRemove(new KeyValuePair<string, LateListing>(key, listing));
            }
        }
    }

    /// <summary>The listing a previous completion left running or finished for <paramref name="key"/>; an expired one is dropped.</summary>
    private static LateListing? TakeLate(string? key)
    {
        if (key is null || !Late.TryGetValue(key, out var late))
        {
            return null;
        }

        if (late.IsFresh)
        {
            return late;
        }

        Late.TryRemove(new KeyValuePair<string, LateListing>(key, late));
        return null;
    }

    private static LateListing Start(Func<CancellationToken, Task<IEnumerable<CompletionName>>> lister, TimeSpan lifetime)
    {
        var cancellation = new CancellationTokenSource(lifetime);
        var work = Task.Run(async () => (IEnumerable<CompletionName>)(await lister(cancellation.Token)).ToArray(), cancellation.Token);
        // Whatever happens to the work later (cancelled, failed after the cap) is observed here and the timer released.
        _ = work.ContinueWith(
            static (t, state) =>
            {
                _ = t.Exception;
                ((CancellationTokenSource)state!).Dispose();
            },
            cancellation, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return new LateListing(work, DateTimeOffset.UtcNow + lifetime);
    }

    private sealed record LateListing(Task<IEnumerable<CompletionName>> Work, DateTimeOffset Expires)
    {
        public bool IsFresh => DateTimeOffset.UtcNow < Expires && !Work.IsFaulted && !Work.IsCanceled;
    }
}
