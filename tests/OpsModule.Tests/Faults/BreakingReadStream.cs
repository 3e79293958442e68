namespace OpsModule.Tests.Faults;

/// <summary>Reads through to the real body, then fails as a connection that drops mid-download does.</summary>
internal sealed class BreakingReadStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var allowed = (int)Math.Min(buffer.Length, limit - _read);
        if (allowed <= 0)
        {
            throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely (connection reset by the fault injector).");
        }

        var read = inner.Read(buffer[..allowed]);
        _read += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var allowed = (int)Math.Min(buffer.Length, limit - _read);
        if (allowed <= 0)
        {
            throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely (connection reset by the fault injector).");
        }

        var read = await inner.ReadAsync(buffer[..allowed], cancellationToken);
        _read += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
