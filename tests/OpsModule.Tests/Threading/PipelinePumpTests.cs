using OpsModule.Core.Threading;

namespace OpsModule.Tests.Threading;

public sealed class PipelinePumpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void Callbacks_run_on_the_thread_that_called_Run_while_the_work_runs_elsewhere()
    {
        var pump = new PipelinePump();
        var pipelineThread = Environment.CurrentManagedThreadId;
        var workThread = -1;
        var callbackThreads = new List<int>();

        pump.Run(async token =>
        {
            workThread = Environment.CurrentManagedThreadId;
            pump.Post(() => callbackThreads.Add(Environment.CurrentManagedThreadId));
            await Task.Delay(10, token);
            await pump.InvokeAsync(() => callbackThreads.Add(Environment.CurrentManagedThreadId));
            pump.CreateProgress<int>(_ => callbackThreads.Add(Environment.CurrentManagedThreadId)).Report(1);
        });

        Assert.NotEqual(pipelineThread, workThread);
        Assert.Equal(3, callbackThreads.Count);
        Assert.All(callbackThreads, id => Assert.Equal(pipelineThread, id));
    }

    [Fact]
    public async Task The_worker_never_resumes_on_the_pipeline_thread_after_a_request()
    {
        var pump = new PipelinePump();
        var pipelineThread = -1;
        var resumedOn = new List<int>();

        // Like PowerShell's pipeline thread (and unlike xunit's), this thread has no SynchronizationContext, which is where
        // an awaiting worker would otherwise be resumed inline by the answering thread.
        await Task.Run(() =>
        {
            pipelineThread = Environment.CurrentManagedThreadId;
            pump.Run(async _ =>
            {
                for (var i = 0; i < 50; i++)
                {
                    await pump.InvokeAsync(() => i);
                    resumedOn.Add(Environment.CurrentManagedThreadId);
                }
            });
        }).WaitAsync(Patience);

        Assert.Equal(50, resumedOn.Count);
        Assert.DoesNotContain(pipelineThread, resumedOn);
    }

    [Fact]
    public void Ten_thousand_posts_from_several_awaits_arrive_in_order()
    {
        var pump = new PipelinePump();
        var received = new List<int>();

        pump.Run(async _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                if (i % 1000 == 0)
                {
                    await Task.Yield();
                }

                var value = i;
                if (i % 3 == 0)
                {
                    await pump.InvokeAsync(() => received.Add(value));
                }
                else
                {
                    pump.Post(() => received.Add(value));
                }
            }
        });

        Assert.Equal(Enumerable.Range(0, 10_000), received);
    }

    [Fact]
    public void Callbacks_posted_just_before_the_work_ends_are_still_executed()
    {
        var pump = new PipelinePump();
        var received = new List<string>();

        pump.Run(_ =>
        {
            pump.Post(() => received.Add("last words"));
            return Task.CompletedTask;
        });

        Assert.Equal(["last words"], received);
    }

    [Fact]
    public void Cancel_from_another_thread_stops_a_long_running_work_promptly()
    {
        var pump = new PipelinePump();
        var started = new ManualResetEventSlim();
        using var canceller = Task.Run(() =>
        {
            started.Wait(Patience);
            pump.Cancel();
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var thrown = Assert.ThrowsAny<OperationCanceledException>(() => pump.Run(async token =>
        {
            started.Set();
            await Task.Delay(TimeSpan.FromMinutes(5), token);
        }));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Run took {clock.Elapsed} after Cancel");
        Assert.Equal(pump.CancellationToken, thrown.CancellationToken);
        Assert.True(pump.CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public void Work_started_after_Cancel_sees_a_cancelled_token()
    {
        var pump = new PipelinePump();
        pump.Cancel();
        var sawCancelled = false;

        pump.Run(token =>
        {
            sawCancelled = token.IsCancellationRequested;
            return Task.CompletedTask;
        });

        Assert.True(sawCancelled);
    }

    [Fact]
    public void A_worker_exception_surfaces_once_unwrapped_with_its_original_stack()
    {
        var pump = new PipelinePump();
        var callbacksAfterFailure = 0;

        var thrown = Assert.Throws<InvalidDataException>(() => pump.Run(async _ =>
        {
            await Task.Yield();
            ThrowFromNamedMethod();
        }));

        Assert.Equal("broken dump", thrown.Message);
        Assert.Contains(nameof(ThrowFromNamedMethod), thrown.StackTrace);

        // The pump is reusable and does not replay the old failure.
        pump.Run(_ =>
        {
            pump.Post(() => callbacksAfterFailure++);
            return Task.CompletedTask;
        });
        Assert.Equal(1, callbacksAfterFailure);
    }

    [Fact]
    public async Task Work_that_throws_before_its_first_await_does_not_deadlock()
    {
        var pump = new PipelinePump();

        var run = Task.Run(() => Assert.Throws<ArgumentException>(() => pump.Run(_ => throw new ArgumentException("bad -Namespace"))));

        var thrown = await run.WaitAsync(Patience);
        Assert.Equal("bad -Namespace", thrown.Message);
    }

    [Fact]
    public async Task Work_that_completes_synchronously_returns_and_its_posts_are_executed()
    {
        var pump = new PipelinePump();
        var written = new List<string>();

        var run = Task.Run(() => pump.Run(_ =>
        {
            pump.Post(() => written.Add("a"));
            pump.Post(() => written.Add("b"));
            return Task.CompletedTask;
        }));

        await run.WaitAsync(Patience); // TimeoutException = deadlock
        Assert.Equal(["a", "b"], written);
    }

    [Fact]
    public void A_request_blocks_the_worker_until_the_pipeline_thread_answers()
    {
        var pump = new PipelinePump();
        var log = new List<string>();
        var answers = new List<bool>();

        pump.Run(async _ =>
        {
            foreach (var target in new[] { "deployment/web-blue", "deployment/web-green" })
            {
                var approved = await pump.InvokeAsync(() =>
                {
                    log.Add("asked " + target);
                    return target.EndsWith("green", StringComparison.Ordinal);
                });
                lock (log)
                {
                    log.Add("answered " + target);
                }

                answers.Add(approved);
            }
        });

        Assert.Equal([false, true], answers);
        Assert.Equal(
            ["asked deployment/web-blue", "answered deployment/web-blue", "asked deployment/web-green", "answered deployment/web-green"],
            log);
    }

    [Fact]
    public void A_failing_callback_cancels_the_work_drops_later_callbacks_and_is_rethrown_after_the_work_stopped()
    {
        var pump = new PipelinePump();
        var executed = new List<int>();
        var workSawCancellation = false;
        var workFinished = false;

        var thrown = Assert.Throws<StoppedByDownstreamException>(() => pump.Run(async token =>
        {
            try
            {
                pump.Post(() => executed.Add(1));
                pump.Post(() => throw new StoppedByDownstreamException());
                pump.Post(() => executed.Add(3));
                await Task.Delay(TimeSpan.FromMinutes(5), token);
            }
            catch (OperationCanceledException)
            {
                workSawCancellation = true;
                await Task.Delay(50, CancellationToken.None);
                throw;
            }
            finally
            {
                workFinished = true;
            }
        }));

        Assert.IsType<StoppedByDownstreamException>(thrown);
        Assert.True(workSawCancellation);
        Assert.True(workFinished, "Run returned before the work stopped");
        Assert.Equal([1], executed);
    }

    [Fact]
    public void A_request_whose_callback_throws_is_cancelled_for_the_worker_and_the_callback_exception_wins()
    {
        var pump = new PipelinePump();
        Exception? seenByWorker = null;

        Assert.Throws<StoppedByDownstreamException>(() => pump.Run(async _ =>
        {
            try
            {
                await pump.InvokeAsync<bool>(() => throw new StoppedByDownstreamException());
            }
            catch (Exception ex)
            {
                seenByWorker = ex;
                throw new InvalidOperationException("secondary failure while unwinding");
            }
        }));

        Assert.IsAssignableFrom<OperationCanceledException>(seenByWorker);
    }

    [Fact]
    public async Task A_callback_may_post_again_from_the_pipeline_thread_without_deadlocking()
    {
        var pump = new PipelinePump();
        var log = new List<string>();

        var run = Task.Run(() => pump.Run(async _ =>
        {
            await pump.InvokeAsync(() =>
            {
                log.Add("outer");
                pump.InvokeAsync(() => log.Add("inner")).Wait();
            });
        }));

        await run.WaitAsync(Patience); // TimeoutException = deadlock
        Assert.Equal(["outer", "inner"], log);
    }

    [Fact]
    public void Posting_outside_Run_is_refused_and_late_progress_is_dropped()
    {
        var pump = new PipelinePump();
        var progress = pump.CreateProgress<int>(_ => throw new InvalidOperationException("must not run"));

        Assert.Throws<InvalidOperationException>(() => pump.Post(() => { }));
        Assert.False(pump.TryPost(() => { }));
        progress.Report(42);
        Assert.Throws<InvalidOperationException>(() => { _ = pump.InvokeAsync(() => 1); });
    }

    [Fact]
    public void Run_cannot_be_nested_on_the_same_pump()
    {
        var pump = new PipelinePump();

        var thrown = Assert.Throws<InvalidOperationException>(() => pump.Run(async _ =>
        {
            await pump.InvokeAsync(() => pump.Run(_ => Task.CompletedTask));
        }));

        Assert.Contains("already running", thrown.Message);
    }

    private static void ThrowFromNamedMethod() => throw new InvalidDataException("broken dump");

    private sealed class StoppedByDownstreamException : Exception;
}
