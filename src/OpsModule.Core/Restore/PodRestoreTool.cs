using OpsModule.Core.Backup.Database;
using OpsModule.Core.Kubernetes.Exec;

namespace OpsModule.Core.Restore;

/// <summary>psql / pg_restore running in the pod; stdout discarded, stderr kept.</summary>
internal sealed class PodRestoreTool : IRestoreTool
{
    private readonly PodExecSession _session;
    private readonly StandardErrorCollector _stderr;
    private readonly Task _stdout;

    public PodRestoreTool(PodExecSession session)
    {
        _session = session;
        _stderr = new StandardErrorCollector(session.StandardError);
        _stdout = DrainAsync(session.StandardOutput);
    }

    public Stream Input => _session.StandardInput;

    public bool CanCloseInput => _session.CanCloseStdin;

    public Task CloseInputAsync(CancellationToken cancellationToken) => _session.CloseStandardInputAsync(cancellationToken).AsTask();

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        var result = await _session.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _stdout.ConfigureAwait(false);
        return result.ExitCode;
    }

    public Task<string> ErrorTextAsync() => _stderr.TextAsync(null);

    public void Kill() => _session.Abort();

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    private static async Task DrainAsync(Stream stdout)
    {
        try
        {
            await stdout.CopyToAsync(Stream.Null).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The session was aborted or dropped; Completion reports it.
        }
    }
}
