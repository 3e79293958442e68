using OpsModule.Core.Postgres.Endpoints;

namespace OpsModule.Core.Restore;

/// <summary>psql or pg_restore reading the dump from stdin; its stdout scanned for psql's COPY tags.</summary>
internal sealed class RestoreToolRun : IAsyncDisposable
{
    private readonly IPostgresToolProcess _process;
    private readonly CopyTagCollector _copyTags;

    public RestoreToolRun(PostgresClientTool tool, IPostgresToolProcess process)
    {
        Tool = tool;
        _process = process;
        _copyTags = new CopyTagCollector(process.Output);
    }

    public PostgresClientTool Tool { get; }

    /// <summary>Writes to stdin; false when the tool stopped reading (it failed, e.g. ON_ERROR_STOP: its exit code and stderr say why).</summary>
    public async Task<bool> TryWriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await _process.Input.WriteAsync(data, cancellationToken);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public Task CloseInputAsync(CancellationToken cancellationToken) => _process.CloseInputAsync(cancellationToken);

    /// <summary>The exit code, once stdout was read to its end too (at most a few seconds after the exit).</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        var exitCode = await _process.WaitForExitAsync(cancellationToken);
        await Task.WhenAny(_copyTags.Completion, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        return exitCode;
    }

    /// <summary>Rows of each <c>COPY n</c> tag psql printed, in order (empty for pg_restore).</summary>
    public Task<IReadOnlyList<long>> CopyRowCountsAsync() => _copyTags.CountsAsync();

    public Task<string> ErrorTextAsync() => _process.ErrorTextAsync();

    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
