using System.Security.Cryptography;

namespace OpsModule.Core.Storage;

/// <summary>
/// A write-only stream into a backup store that hashes (SHA-256) and counts the bytes as they pass.
/// <para>
/// Use: write, then <see cref="CompleteAsync"/> to make the file visible and learn its size and checksum. Disposing
/// without completing (an exception, Ctrl+C) aborts: whatever was stored is removed and nothing remains under the path.
/// </para>
/// </summary>
public abstract class BackupWriteStream : Stream
{
    private static readonly TimeSpan AbortTimeout = TimeSpan.FromSeconds(60);

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private WriteState _state = WriteState.Open;
    private StoredFile? _result;

    protected BackupWriteStream(string path)
    {
        Path = path;
    }

    private enum WriteState
    {
        Open,
        Completed,
        Aborted,
        Disposed,
    }

    /// <summary>Path inside the store.</summary>
    public string Path { get; }

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The stored file after <see cref="CompleteAsync"/>; null before.</summary>
    public StoredFile? Result => _result;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => _state == WriteState.Open;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    /// <summary>Stores the last bytes and makes the file visible under <see cref="Path"/>. Returns its size and SHA-256.</summary>
    public async Task<StoredFile> CompleteAsync(CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        try
        {
            await CompleteCoreAsync(cancellationToken);
        }
        catch
        {
            await AbortAsync();
            throw;
        }

        _state = WriteState.Completed;
        _result = new StoredFile(Path, BytesWritten, Convert.ToHexString(_hash.GetHashAndReset()).ToLowerInvariant());
        return _result;
    }

    /// <summary>Removes everything written so far. Safe to call more than once; a no-op after completion.</summary>
    public async Task AbortAsync()
    {
        if (_state != WriteState.Open)
        {
            return;
        }

        _state = WriteState.Aborted;
        using var timeout = new CancellationTokenSource(AbortTimeout);
        await AbortCoreAsync(timeout.Token);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureOpen();
        WriteCore(buffer);
        Track(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        await WriteCoreAsync(buffer, cancellationToken);
        Track(buffer.Span);
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Nothing to do: bytes are stored as parts fill; <see cref="CompleteAsync"/> stores the rest.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Stores <paramref name="buffer"/> (or buffers it until a part is full).</summary>
    protected abstract ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Synchronous writes; by default blocks on <see cref="WriteCoreAsync"/>.</summary>
    protected virtual void WriteCore(ReadOnlySpan<byte> buffer) =>
        WriteCoreAsync(buffer.ToArray(), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    protected abstract Task CompleteCoreAsync(CancellationToken cancellationToken);

    /// <summary>Removes what was stored. Must not throw for "already gone".</summary>
    protected abstract Task AbortCoreAsync(CancellationToken cancellationToken);

    /// <summary>Releases buffers and handles after completion or abort.</summary>
    protected virtual ValueTask ReleaseAsync() => ValueTask.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsyncCore().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async ValueTask DisposeAsyncCore()
    {
        if (_state == WriteState.Disposed)
        {
            return;
        }

        try
        {
            await AbortAsync();
        }
        finally
        {
            _state = WriteState.Disposed;
            _hash.Dispose();
            await ReleaseAsync();
        }
    }

    private void Track(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        BytesWritten += buffer.Length;
    }

    private void EnsureOpen()
    {
        switch (_state)
        {
            case WriteState.Open:
                return;
            case WriteState.Completed:
                throw new InvalidOperationException($"'{Path}' is already complete; open a new write stream to write again.");
            default:
                throw new ObjectDisposedException(GetType().Name, $"The write to '{Path}' was aborted; nothing of it was kept.");
        }
    }
}
