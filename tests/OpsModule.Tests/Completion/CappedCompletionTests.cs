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
}
