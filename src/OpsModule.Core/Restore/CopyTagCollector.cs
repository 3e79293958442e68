using System.Globalization;
using System.Text;

namespace OpsModule.Core.Restore;

/// <summary>
/// Reads psql's stdout to the end in the background and keeps the row count of every <c>COPY n</c> command tag, in order:
/// the rows the server itself reports having loaded for each COPY block of the dump. Everything else is discarded.
/// </summary>
internal sealed class CopyTagCollector
{
    private const int MaxLine = 256;
    private readonly List<long> _counts = [];
    private readonly byte[] _line = new byte[MaxLine];
    private int _lineLength;
    private bool _lineTooLong;
    private readonly Task _reading;

    public CopyTagCollector(Stream stdout)
    {
        _reading = Task.Run(() => ReadAsync(stdout));
    }

    /// <summary>The COPY row counts seen, once stdout ended (the tool exited); waits at most a few seconds for that.</summary>
    public async Task<IReadOnlyList<long>> CountsAsync()
    {
        await Task.WhenAny(_reading, Task.Delay(TimeSpan.FromSeconds(5)));
        lock (_counts)
        {
            return _counts.ToArray();
        }
    }

    public Task Completion => _reading;

    /// <summary>Feeds output bytes (public for tests; the background reader calls it).</summary>
    public void Observe(ReadOnlySpan<byte> chunk)
    {
        foreach (var b in chunk)
        {
            if (b == (byte)'\n')
            {
                EndLine();
            }
            else if (_lineLength < MaxLine)
            {
                _line[_lineLength++] = b;
            }
            else
            {
                _lineTooLong = true;
            }
        }
    }

    private void EndLine()
    {
        var line = _line.AsSpan(0, _lineLength);
        if (!_lineTooLong && line.StartsWith("COPY "u8)
            && long.TryParse(Encoding.ASCII.GetString(line[5..]).TrimEnd('\r'), NumberStyles.None, CultureInfo.InvariantCulture, out var rows))
        {
            lock (_counts)
            {
                _counts.Add(rows);
            }
        }

        _lineLength = 0;
        _lineTooLong = false;
    }

    private async Task ReadAsync(Stream stdout)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stdout.ReadAsync(buffer)) > 0)
            {
                Observe(buffer.AsSpan(0, read));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The tool was stopped or the session dropped; its exit code reports that.
        }
    }
}
