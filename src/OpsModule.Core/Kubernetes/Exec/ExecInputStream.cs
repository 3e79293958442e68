namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>
/// The writable stdin of a session: every write becomes channel-0 messages; disposing it half-closes stdin
/// (the v5 close signal). On a v4 connection there is no way to signal EOF, so disposing only stops further writes.
/// </summary>
internal sealed class ExecInputStream : Stream
{
    private readonly PodExecSession _session;
    private readonly bool _attached;

    public ExecInputStream(PodExecSession session, bool attached)
    {
        _session = session;
        _attached = attached;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => _attached;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_attached)
        {
            throw new NotSupportedException("Stdin is not attached to this exec session: set PodExecRequest.Stdin = true.");
        }

        return _session.SendStdinAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_attached) await _session.CloseStandardInputAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _attached) _session.CloseStandardInputAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}
