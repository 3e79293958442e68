using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>
/// The readable end of one output channel. Bounded: when the reader falls behind, <see cref="WriteChunkAsync"/> waits,
/// which stops the session reading the socket, so TCP flow control slows the remote command instead of memory growing.
/// Ends with EOF when the command finished, or with the session's error when the connection was lost.
/// </summary>
internal sealed class ExecOutputStream : Stream
{
    private const int MaxBufferedChunks = 16;

    private readonly Channel<byte[]> _chunks = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(MaxBufferedChunks) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private byte[]? _current;
    private int _offset;
    private Exception? _error;
    private volatile bool _abandoned;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Called by the session's receive loop; waits while the buffer is full. Data for an abandoned stream is dropped.</summary>
    internal async ValueTask WriteChunkAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_abandoned || data.IsEmpty) return;
        try
        {
            await _chunks.Writer.WriteAsync(data.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The session already ended this stream (abort); the data has nowhere to go.
        }
    }

    /// <summary>Ends the stream: EOF when <paramref name="error"/> is null, otherwise readers get the error after the buffered data.</summary>
    internal void Complete(Exception? error)
    {
        if (error is not null) Interlocked.CompareExchange(ref _error, error, null);
        _chunks.Writer.TryComplete();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_abandoned, this);
        if (buffer.IsEmpty) return 0;
        while (_current is null || _offset == _current.Length)
        {
            if (_chunks.Reader.TryRead(out var next))
            {
                _current = next;
                _offset = 0;
                continue;
            }

            if (!await _chunks.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_error is not null) ExceptionDispatchInfo.Throw(_error);
                return 0;
            }
        }

        var count = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
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

    /// <summary>A reader that stops reading lets the rest of the output be discarded, so the other streams keep flowing.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _abandoned = true;
            while (_chunks.Reader.TryRead(out _))
            {
            }
        }

        base.Dispose(disposing);
    }
}
