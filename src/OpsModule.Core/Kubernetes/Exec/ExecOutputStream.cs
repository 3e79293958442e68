using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>
/// The readable end of one output channel, over the demuxer's stream for it. Reads wait asynchronously until
/// <see cref="ExecFlowGate"/> reports data, so the demuxer's blocking read returns at once; while this reader is behind,
/// the gate stops receiving. At the end of the data the session's outcome decides: EOF when the command's status
/// arrived, otherwise the session's error (a lost connection, an abort), never a silent short read.
/// </summary>
internal sealed class ExecOutputStream : Stream
{
    private readonly Stream _channel;
    private readonly Task<Exception?>? _outcome;
    private readonly ExecFlowGate _gate;
    private readonly object _waiterLock = new();
    private TaskCompletionSource? _dataWaiter;
    private long _arrived;
    private long _consumed;
    private volatile bool _ended;
    private volatile bool _abandoned;

    /// <param name="channel">The demuxer's stream of the channel.</param>
    /// <param name="outcome">Completes when the session knows whether all output arrived: null if it did, else the error to
    /// end reading with; null for the status channel itself, which is read to its end to learn that outcome.</param>
    public ExecOutputStream(Stream channel, Task<Exception?>? outcome, ExecFlowGate gate)
    {
        _channel = channel;
        _outcome = outcome;
        _gate = gate;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Bytes the demuxer holds that this reader has not taken; an abandoned stream holds none back.</summary>
    internal long Unread => _abandoned ? 0 : Interlocked.Read(ref _arrived) - Interlocked.Read(ref _consumed);

    internal void Arrived(int count)
    {
        Interlocked.Add(ref _arrived, count);
        WakeReader();
    }

    internal void EndOfData()
    {
        _ended = true;
        WakeReader();
    }

    /// <summary>Called by the gate's receive loop only: a reader that stopped reading lets its data be dropped, so the other channels keep flowing.</summary>
    internal void DiscardIfAbandoned()
    {
        if (!_abandoned || _ended) return;
        var pending = Interlocked.Read(ref _arrived) - Interlocked.Read(ref _consumed);
        if (pending <= 0) return;
        var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (pending > 0)
            {
                var read = _channel.Read(scratch, 0, (int)Math.Min(scratch.Length, pending));
                if (read == 0) break;
                pending -= read;
                Interlocked.Add(ref _consumed, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_abandoned, this);
        if (buffer.IsEmpty) return 0;
        await WaitForDataAsync(cancellationToken);
        var read = ReadAvailable(buffer);
        if (read > 0)
        {
            Interlocked.Add(ref _consumed, read);
            _gate.RoomMade();
            return read;
        }

        if (_outcome is not null && await _outcome is { } error) ExceptionDispatchInfo.Throw(error);
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_abandoned)
        {
            _abandoned = true;
            _gate.RoomMade();
        }

        base.Dispose(disposing);
    }

    private async ValueTask WaitForDataAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task data;
            lock (_waiterLock)
            {
                if (_ended || Interlocked.Read(ref _arrived) > Interlocked.Read(ref _consumed)) return;
                _dataWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                data = _dataWaiter.Task;
            }

            await data.WaitAsync(cancellationToken);
        }
    }

    private void WakeReader()
    {
        TaskCompletionSource? waiter;
        lock (_waiterLock)
        {
            waiter = _dataWaiter;
            _dataWaiter = null;
        }

        waiter?.TrySetResult();
    }

    private int ReadAvailable(Memory<byte> buffer)
    {
        if (MemoryMarshal.TryGetArray<byte>(buffer, out var segment)) return _channel.Read(segment.Array!, segment.Offset, segment.Count);
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = _channel.Read(rented, 0, buffer.Length);
            rented.AsSpan(0, read).CopyTo(buffer.Span);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
