using System.Runtime.ExceptionServices;

namespace OpsModule.Core.Threading;

/// <summary>
/// Runs asynchronous work on the thread pool while the calling ("pipeline") thread executes, in order, every
/// callback the work posts. PowerShell only allows WriteObject/WriteError/ShouldProcess on the pipeline thread;
/// this class knows nothing about PowerShell, so it can be tested on its own.
/// </summary>
/// <remarks>
/// One pump serves one cmdlet instance: <see cref="Run"/> is called once per BeginProcessing/ProcessRecord/EndProcessing
/// (never concurrently); <see cref="Cancel"/> may be called from any thread at any time (StopProcessing).
/// After a callback throws (e.g. PipelineStoppedException from WriteObject), the pump cancels the work, drops the
/// remaining callbacks, cancels pending requests, waits for the work to end and rethrows the callback's exception.
/// </remarks>
public sealed class PipelinePump
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly object _gate = new();
    private readonly Queue<PumpItem> _queue = new();
    private bool _running;
    private bool _workCompleted;
    private int _pipelineThreadId = -1;
    private ExceptionDispatchInfo? _callbackFailure;

    /// <summary>Cancelled by <see cref="Cancel"/> or when a callback fails; passed to every work item.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>
    /// Starts <paramref name="work"/> on the thread pool and executes its callbacks on the calling thread until it
    /// completes. Rethrows the work's exception (unwrapped, original stack) or the first callback exception.
    /// An <see cref="OperationCanceledException"/> is rethrown like any other failure; the caller decides whether it means "stopped".
    /// </summary>
    public void Run(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            if (_running)
            {
                throw new InvalidOperationException("PipelinePump.Run is already running; it cannot be nested or called concurrently.");
            }

            _running = true;
            _workCompleted = false;
            _callbackFailure = null;
            _pipelineThreadId = Environment.CurrentManagedThreadId;
        }

        try
        {
            var token = _cancellation.Token;
            // Task.Run: the work never runs on the pipeline thread, so a work that completes synchronously, throws before
            // its first await, or blocks on a request cannot deadlock the drain loop.
            var task = Task.Run(() => work(token));
            task.ContinueWith(
                static (_, state) => ((PipelinePump)state!).OnWorkCompleted(),
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

            Drain();

            _callbackFailure?.Throw();
            task.GetAwaiter().GetResult();
        }
        finally
        {
            lock (_gate)
            {
                _running = false;
                _pipelineThreadId = -1;
                FailPendingItems();
            }
        }
    }

    /// <summary>Requests cancellation of the current and any later work. Safe from any thread.</summary>
    public void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (AggregateException)
        {
            // A registration callback threw; the token is cancelled regardless and the work will observe it.
        }
    }

    /// <summary>
    /// Queues <paramref name="callback"/> for the pipeline thread without waiting for it. Returns false when it was
    /// dropped: no <see cref="Run"/> is active, or an earlier callback failed. Runs inline when called on the pipeline thread.
    /// </summary>
    public bool TryPost(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Enqueue(new PostItem(callback), throwWhenIdle: false);
    }

    /// <summary>Like <see cref="TryPost"/>, but throws <see cref="InvalidOperationException"/> when no <see cref="Run"/> is active.</summary>
    public void Post(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Enqueue(new PostItem(callback), throwWhenIdle: true);
    }

    /// <summary>
    /// Runs <paramref name="callback"/> on the pipeline thread; the returned task completes after it ran.
    /// If the callback throws, the task is cancelled (the work should stop) and <see cref="Run"/> rethrows the callback's exception.
    /// </summary>
    public Task InvokeAsync(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return InvokeAsync(() =>
        {
            callback();
            return true;
        });
    }

    /// <summary>
    /// Runs <paramref name="request"/> on the pipeline thread and returns its answer to the worker (e.g. ShouldProcess).
    /// The worker's continuation never runs on the pipeline thread.
    /// </summary>
    public Task<T> InvokeAsync<T>(Func<T> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var item = new RequestItem<T>(request, _cancellation.Token);
        Enqueue(item, throwWhenIdle: true);
        return item.Task;
    }

    /// <summary>An <see cref="IProgress{T}"/> whose handler runs on the pipeline thread; reports outside <see cref="Run"/> are dropped.</summary>
    public IProgress<T> CreateProgress<T>(Action<T> handler) => new PumpProgress<T>(this, handler);

    private bool Enqueue(PumpItem item, bool throwWhenIdle)
    {
        lock (_gate)
        {
            if (!_running)
            {
                if (throwWhenIdle)
                {
                    throw new InvalidOperationException(
                        "Nothing is draining the pipeline queue: callbacks can only be posted while PipelinePump.Run is active.");
                }

                return false;
            }

            if (_callbackFailure is not null)
            {
                item.Drop();
                return false;
            }

            if (Environment.CurrentManagedThreadId != _pipelineThreadId)
            {
                _queue.Enqueue(item);
                Monitor.PulseAll(_gate);
                return true;
            }
        }

        // Already on the pipeline thread (a callback posting another): queueing would deadlock a blocking caller.
        Execute(item);
        return true;
    }

    private void Drain()
    {
        while (true)
        {
            PumpItem item;
            lock (_gate)
            {
                while (_queue.Count == 0 && !_workCompleted)
                {
                    Monitor.Wait(_gate);
                }

                if (_queue.Count == 0)
                {
                    return;
                }

                item = _queue.Dequeue();
                if (_callbackFailure is not null)
                {
                    item.Drop();
                    continue;
                }
            }

            Execute(item);
        }
    }

    private void Execute(PumpItem item)
    {
        try
        {
            item.Execute();
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                _callbackFailure ??= ExceptionDispatchInfo.Capture(ex);
            }

            Cancel();
            item.Drop();
        }
    }

    private void OnWorkCompleted()
    {
        lock (_gate)
        {
            _workCompleted = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void FailPendingItems()
    {
        while (_queue.Count > 0)
        {
            _queue.Dequeue().Drop();
        }
    }

    private abstract class PumpItem
    {
        public abstract void Execute();

        /// <summary>Called when the item will never run (or its callback threw), so no worker waits forever.</summary>
        public abstract void Drop();
    }

    private sealed class PostItem(Action callback) : PumpItem
    {
        public override void Execute() => callback();

        public override void Drop()
        {
        }
    }

    private sealed class RequestItem<T>(Func<T> request, CancellationToken token) : PumpItem
    {
        // RunContinuationsAsynchronously: the awaiting worker must resume on the thread pool, not on the pipeline thread.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _completion.Task;

        public override void Execute() => _completion.TrySetResult(request());

        public override void Drop() => _completion.TrySetCanceled(token.IsCancellationRequested ? token : new CancellationToken(true));
    }
}
