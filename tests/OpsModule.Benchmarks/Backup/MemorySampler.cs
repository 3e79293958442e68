using System.Diagnostics;

namespace OpsModule.Benchmarks.Backup;

/// <summary>Samples this process's working set and managed heap every 20 ms while our runs execute; keeps the maxima.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _maxWorkingSet;
    private long _maxManaged;

    public MemorySampler() => _loop = Task.Run(LoopAsync);

    public long MaxWorkingSet => Interlocked.Read(ref _maxWorkingSet);

    public long MaxManaged => Interlocked.Read(ref _maxManaged);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var self = Process.GetCurrentProcess();
        while (!_stop.IsCancellationRequested)
        {
            self.Refresh();
            Max(ref _maxWorkingSet, self.WorkingSet64);
            Max(ref _maxManaged, GC.GetTotalMemory(forceFullCollection: false));
            try
            {
                await Task.Delay(20, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static void Max(ref long field, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref field)) && Interlocked.CompareExchange(ref field, value, current) != current)
        {
        }
    }
}
