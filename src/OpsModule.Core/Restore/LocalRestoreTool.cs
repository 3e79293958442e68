using System.ComponentModel;
using System.Diagnostics;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Processes;

namespace OpsModule.Core.Restore;

/// <summary>A local psql / pg_restore process; stdout is scanned for COPY command tags, stderr kept for the error message.</summary>
internal sealed class LocalRestoreTool : IRestoreTool
{
    private readonly Process _process;
    private readonly StandardErrorCollector _stderr;
    private readonly CopyTagCollector _stdout;
    private readonly string? _password;

    public LocalRestoreTool(Process process, string? password)
    {
        _process = process;
        _password = password;
        _stderr = new StandardErrorCollector(process.StandardError.BaseStream);
        _stdout = new CopyTagCollector(process.StandardOutput.BaseStream);
    }

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
        await Task.WhenAny(_stdout.Completion, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public Task<IReadOnlyList<long>> CopyRowCountsAsync() => _stdout.CountsAsync();

    public Task<string> ErrorTextAsync() => _stderr.TextAsync(_password);

    public void Kill() => _process.KillTree();

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
