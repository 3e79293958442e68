namespace OpsModule.Core.Threading;

/// <summary>
/// Reports progress to a handler that runs on the pipeline thread. Unlike <see cref="Progress{T}"/> it does not capture a
/// SynchronizationContext, and reports that arrive when no <see cref="PipelinePump.Run"/> is active are dropped
/// (progress is best effort; a late report must not fail the work).
/// </summary>
public sealed class PumpProgress<T> : IProgress<T>
{
    private readonly PipelinePump _pump;
    private readonly Action<T> _handler;

    public PumpProgress(PipelinePump pump, Action<T> handler)
    {
        _pump = pump ?? throw new ArgumentNullException(nameof(pump));
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
    }

    public void Report(T value) => _pump.TryPost(() => _handler(value));
}
