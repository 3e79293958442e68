using System.ComponentModel;
using System.Diagnostics;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Processes;

namespace OpsModule.Core.Restore;

/// <summary>A local psql / pg_restore process; stdout is drained and discarded, stderr kept for the error message.</summary>
internal sealed class LocalRestoreTool : IRestoreTool
{
    private readonly Process _process;
    private readonly StandardErrorCollector _stderr;
    private readonly Task _stdout;
    private readonly string? _password;

    /// <param name="discardOutput">Drain stdout in the background (a restore); false when the caller reads it (a query).</param>
    public LocalRestoreTool(Process process, string? password, bool discardOutput)
    {
        _process = process;
        _password = password;
        _stderr = new StandardErrorCollector(process.StandardError.BaseStream);
        _stdout = discardOutput ? process.StandardOutput.BaseStream.CopyToAsync(Stream.Null) : Task.CompletedTask;
    }

    public Process Process => _process;

    public Stream Input => _process.StandardInput.BaseStream;

    public Task CloseInputAsync(CancellationToken cancellationToken)
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool already ended; its exit code tells why.
        }

        return Task.CompletedTask;
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAny(_stdout, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public Task<string> ErrorTextAsync() => _stderr.TextAsync(_password);

    public void Kill() => _process.KillTree();

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
