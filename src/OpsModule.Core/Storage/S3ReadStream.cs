using Amazon.S3.Model;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Storage;

/// <summary>
/// The body of a GetObject response, read as it arrives. A download that breaks off (connection reset, proxy timeout)
/// surfaces as an OpsException (Ops.Storage.ReadInterrupted) naming the object and how far it got, not as a bare
/// IOException that reads like a local disk problem.
/// </summary>
internal sealed class S3ReadStream : Stream
{
    private readonly GetObjectResponse _response;
    private readonly Stream _body;
    private readonly string _where;
    private long _read;

    public S3ReadStream(GetObjectResponse response, string where)
    {
        _response = response;
        _body = response.ResponseStream;
        _where = where;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _response.ContentLength;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Count(_body.Read(buffer));
        }
        catch (IOException e)
        {
            throw Interrupted(e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Count(await _body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
        }
        catch (IOException e)
        {
            throw Interrupted(e);
        }
    }

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
            _body.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _read += read;
        return read;
    }

    private OpsException Interrupted(IOException e) => new(
        StorageErrorIds.ReadInterrupted, OpsErrorCategory.ReadError,
        $"Reading '{_where}' from S3 broke off after {_read} of {_response.ContentLength} bytes: {e.Message}",
        "Retry; if it keeps breaking off, check the network path (proxy, VPN) to the S3 endpoint and the S3 server's health.",
        _where, e);
}
