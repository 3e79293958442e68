using System.Diagnostics;
using OpsModule.Core.Processes;

namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>A local client tool process; stderr kept (password masked) for the error message.</summary>
internal sealed class LocalToolProcess : IPostgresToolProcess
{
    private readonly Process _process;
    private readonly StandardErrorCollector _stderr;
    private readonly string? _password;

    public LocalToolProcess(Process process, string? password)
    {
        _process = process;
        _password = password;
        _stderr = new StandardErrorCollector(process.StandardError.BaseStream);
    }

    public Stream Input => _process.StandardInput.BaseStream;

    public Stream Output => _process.StandardOutput.BaseStream;

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
        await _process.WaitForExitAsync(cancellationToken);
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
