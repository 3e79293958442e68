namespace OpsModule.Core.Restore;

/// <summary>Runs PostgreSQL client tools against the restore target (locally, or in the pod).</summary>
internal interface IRestoreClient
{
    /// <summary>Runs one SQL text with psql in <paramref name="database"/> and returns its unaligned, tuples-only output.</summary>
    /// <exception cref="Errors.OpsException">psql failed (message carries its stderr).</exception>
    Task<string> QueryAsync(string database, string sql, CancellationToken cancellationToken);

    /// <summary>Starts psql or pg_restore (<paramref name="arguments"/> without connection options) on <paramref name="database"/>, stdin attached.</summary>
    /// <param name="inputBytes">Exact bytes that will be written to stdin, for tools that must stop reading by themselves.</param>
    Task<IRestoreTool> StartAsync(string tool, IReadOnlyList<string> arguments, string database, long inputBytes, CancellationToken cancellationToken);
}
