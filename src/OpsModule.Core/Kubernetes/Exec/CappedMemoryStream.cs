using System.Text;

namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>A memory stream that refuses to grow past a cap, so capturing "small" output cannot exhaust memory.</summary>
internal sealed class CappedMemoryStream(int maxBytes, string name) : MemoryStream
{
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureRoom(buffer.Length);
        base.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        EnsureRoom(count);
        base.Write(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureRoom(buffer.Length);
        return base.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        EnsureRoom(count);
        return base.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public string ToText() => Encoding.UTF8.GetString(GetBuffer(), 0, (int)Length);

    private void EnsureRoom(int count)
    {
        if (Length + count > maxBytes)
        {
            throw new InvalidDataException(
                $"The command's {name} exceeded {maxBytes} bytes; stream it with PodExecClient.ExecAsync instead of capturing it.");
        }
    }
}
