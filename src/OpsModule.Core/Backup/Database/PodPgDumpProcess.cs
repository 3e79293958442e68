using OpsModule.Core.Kubernetes.Exec;

namespace OpsModule.Core.Backup.Database;

/// <summary>pg_dump running in the database pod through the exec API, stdout streamed back.</summary>
/// <remarks>Killing aborts the exec connection; as with kubectl, the API server then stops the stream (the container
/// runtime may let the remote pg_dump run on until it notices the closed pipe).</remarks>
internal sealed class PodPgDumpProcess : IPgDumpProcess
{
    private readonly PodExecSession _session;
    private readonly StandardErrorCollector _stderr;

    private PodPgDumpProcess(PodExecSession session)
    {
        _session = session;
        _stderr = new StandardErrorCollector(session.StandardError);
    }

    public Stream Output => _session.StandardOutput;

    public static async Task<PodPgDumpProcess> StartAsync(
        PodExecClient exec, PodDatabaseSource source, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var session = await exec.StartAsync(Request(source, ["pg_dump", .. arguments, "-U", source.User, "-d", source.DatabaseName]), cancellationToken)
            .ConfigureAwait(false);
        return new PodPgDumpProcess(session);
    }

    public static PodExecRequest Request(PodDatabaseSource source, IReadOnlyList<string> command) =>
        new(source.Namespace, source.Pod, command) { Container = source.Container, Stdin = false };

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        var result = await _session.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.ExitCode;
    }

    public Task<string> ErrorTextAsync() => _stderr.TextAsync(null);

    public void Kill() => _session.Abort();

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
