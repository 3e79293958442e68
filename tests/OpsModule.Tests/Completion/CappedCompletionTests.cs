using System.Diagnostics;
using OpsModule.Core.Completion;

namespace OpsModule.Tests.Completion;

public sealed class CappedCompletionTests
{
    private static readonly TimeSpan Cap = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void A_lister_that_answers_in_time_gives_its_matching_names()
    {
        var candidates = CappedCompletion.Run(
            _ => Task.FromResult<IEnumerable<CompletionName>>([new("web", "Service shop/web"), new("api", "Service shop/api")]),
            CompletionWord.Parse("w"), Cap);

        Assert.Equal([new CompletionCandidate("web", "web", "Service shop/web")], candidates);
    }

    [Fact]
    public void A_lister_that_blocks_and_ignores_cancellation_is_abandoned_at_the_cap()
    {
        using var release = new ManualResetEventSlim();
        var clock = Stopwatch.StartNew();

        var candidates = CappedCompletion.Run(_ =>
        {
            release.Wait(TimeSpan.FromSeconds(30));
            return Task.FromResult<IEnumerable<CompletionName>>([new("late", "")]);
        }, CompletionWord.Parse(""), Cap);
        clock.Stop();
        release.Set();

        Assert.Empty(candidates);
        Assert.InRange(clock.Elapsed, Cap - TimeSpan.FromMilliseconds(50), Cap + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_lister_is_cancelled_at_the_cap()
    {
        var cancelled = new TaskCompletionSource();

        CappedCompletion.Run(async token =>
        {
            using var registration = token.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, token);
            return [];
        }, CompletionWord.Parse(""), Cap);

        // Throws TimeoutException when the token passed to the lister is never cancelled.
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_lister_that_fails_gives_nothing_and_throws_nothing()
    {
        Assert.Empty(CappedCompletion.Run(_ => throw new InvalidOperationException("boom"), CompletionWord.Parse(""), Cap));
        Assert.Empty(CappedCompletion.Run(_ => Task.FromException<IEnumerable<CompletionName>>(new IOException("gone")), CompletionWord.Parse(""), Cap));
    }

    /// <summary>A lister that takes <paramref name="delay"/> and counts its calls.</summary>
    private static Func<CancellationToken, Task<IEnumerable<CompletionName>>> Slow(TimeSpan delay, Action counted) => async token =>
    {
        counted();
        await Task.Delay(delay, token);
        return [new CompletionName("web", "Service shop/web")];
    };

    [Fact]
    public async Task A_keyed_listing_that_missed_the_cap_answers_the_next_completion_once()
    {
        var key = Guid.NewGuid().ToString();
        var calls = 0;
        var lister = Slow(TimeSpan.FromMilliseconds(500), () => Interlocked.Increment(ref calls));

        Assert.Empty(CappedCompletion.Run(key, lister, CompletionWord.Parse(""), Cap));
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        var clock = Stopwatch.StartNew();
        var second = CappedCompletion.Run(key, lister, CompletionWord.Parse("w"), Cap);
        clock.Stop();

        Assert.Equal(["web"], second.Select(c => c.CompletionText));
        Assert.True(clock.Elapsed < Cap, $"the finished listing was not used: the second Tab took {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(1, calls);
        Assert.Empty(CappedCompletion.Run(key, lister, CompletionWord.Parse(""), Cap)); // used once: the third Tab lists afresh
        Assert.Equal(2, calls);
    }

    /// <summary>A lister that answers only once <paramref name="gate"/> opens, and counts its calls: no race with the cap on a busy machine.</summary>
    private static Func<CancellationToken, Task<IEnumerable<CompletionName>>> Gated(Task gate, Action counted) => async token =>
    {
        counted();
        await gate.WaitAsync(token);
        return [new CompletionName("web", "Service shop/web")];
    };

    [Fact]
    public void A_listing_still_running_is_waited_for_rather_than_started_again()
    {
        var key = Guid.NewGuid().ToString();
        var calls = 0;
        var gate = new TaskCompletionSource();
        var lister = Gated(gate.Task, () => Interlocked.Increment(ref calls));

        Assert.Empty(CappedCompletion.Run(key, lister, CompletionWord.Parse(""), Cap));
        _ = Task.Delay(TimeSpan.FromMilliseconds(200)).ContinueWith(_ => gate.TrySetResult(), TaskScheduler.Default);
        var second = CappedCompletion.Run(key, lister, CompletionWord.Parse(""), TimeSpan.FromSeconds(5));

        Assert.Equal(["web"], second.Select(c => c.CompletionText));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Without_a_key_a_late_listing_is_cancelled_and_forgotten()
    {
        var calls = 0;
        var lister = Slow(TimeSpan.FromMilliseconds(500), () => Interlocked.Increment(ref calls));

        Assert.Empty(CappedCompletion.Run(lister, CompletionWord.Parse(""), Cap));
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        Assert.Empty(CappedCompletion.Run(lister, CompletionWord.Parse(""), Cap));
        Assert.Equal(2, calls);
    }
}
