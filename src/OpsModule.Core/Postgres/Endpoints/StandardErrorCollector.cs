using System.Text;

namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>Reads a process's stderr to the end in the background, keeping the first <see cref="MaxBytes"/> for the error message.</summary>
internal sealed class StandardErrorCollector
{
    private const int MaxBytes = 16 * 1024;
    private readonly MemoryStream _kept = new();
    private readonly Task _reading;

    public StandardErrorCollector(Stream stderr)
    {
        _reading = Task.Run(() => ReadAsync(stderr));
    }

    /// <summary>What stderr said (waits until the stream ended, at most a few seconds), with <paramref name="secret"/> masked.</summary>
    public async Task<string> TextAsync(string? secret)
    {
        await Task.WhenAny(_reading, Task.Delay(TimeSpan.FromSeconds(5)));
        string text;
        lock (_kept)
        {
            text = Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length).Trim();
        }

        return string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***", StringComparison.Ordinal);
    }

    private async Task ReadAsync(Stream stderr)
    {
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stderr.ReadAsync(buffer)) > 0)
            {
                lock (_kept)
                {
                    var room = MaxBytes - (int)_kept.Length;
                    if (room > 0)
                    {
                        _kept.Write(buffer, 0, Math.Min(room, read));
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The dump was aborted: what arrived so far is all there is.
        }
    }
}
