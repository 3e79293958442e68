using OpsModule.Core.Backup.Database;
using OpsModule.Core.Kubernetes.Exec;

namespace OpsModule.Core.Restore;

/// <summary>psql / pg_restore running in the pod; stdout scanned for COPY command tags, stderr kept.</summary>
internal sealed class PodRestoreTool : IRestoreTool
{
    private readonly PodExecSession _session;
    private readonly StandardErrorCollector _stderr;
    private readonly CopyTagCollector _stdout;

    public PodRestoreTool(PodExecSession session)
    {
        _session = session;
        _stderr = new StandardErrorCollector(session.StandardError);
        _stdout = new CopyTagCollector(session.StandardOutput);
    }

    public Stream Input => _session.StandardInput;

    public bool CanCloseInput => _session.CanCloseStdin;

    public Task CloseInputAsync(CancellationToken cancellationToken) => _session.CloseStandardInputAsync(cancellationToken).AsTask();

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        var result = await _session.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _stdout.Completion.ConfigureAwait(false);
        return result.ExitCode;
    }

    public Task<IReadOnlyList<long>> CopyRowCountsAsync() => _stdout.CountsAsync();

    public Task<string> ErrorTextAsync() => _stderr.TextAsync(null);

    public void Kill() => _session.Abort();

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
