using OpsModule.Core.Kubernetes.Exec;

namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>A client tool running in the pod through exec; stderr kept for the error message.</summary>
/// <remarks>Killing aborts the exec connection; as with kubectl, the API server then stops the streams (the container
/// runtime may let the remote tool run on until it notices the closed pipe).</remarks>
internal sealed class PodToolProcess : IPostgresToolProcess
{
    private readonly PodExecSession _session;
    private readonly StandardErrorCollector _stderr;

    public PodToolProcess(PodExecSession session)
    {
        _session = session;
        _stderr = new StandardErrorCollector(session.StandardError);
    }

    public Stream Input => _session.StandardInput;

    public Stream Output => _session.StandardOutput;

    public Task CloseInputAsync(CancellationToken cancellationToken) => _session.CloseStandardInputAsync(cancellationToken).AsTask();

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        var result = await _session.Completion.WaitAsync(cancellationToken);
        return result.ExitCode;
    }

    public Task<string> ErrorTextAsync() => _stderr.TextAsync(null);

    public void Kill() => _session.Abort();

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
