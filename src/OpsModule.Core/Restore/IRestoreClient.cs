namespace OpsModule.Core.Restore;

/// <summary>Runs control queries and the PostgreSQL client tools against the restore target (locally, or in the pod).</summary>
internal interface IRestoreClient : IAsyncDisposable
{
    /// <summary>Runs one SQL text in <paramref name="database"/> and returns the rows of its last result as <c>psql -A -t</c> prints them.</summary>
    /// <exception cref="Errors.OpsException">The query failed (message carries the server's reason).</exception>
    Task<string> QueryAsync(string database, string sql, CancellationToken cancellationToken);

    /// <summary>Starts psql or pg_restore (<paramref name="arguments"/> without connection options) on <paramref name="database"/>, stdin attached.</summary>
    /// <param name="inputBytes">Exact bytes that will be written to stdin, for tools that must stop reading by themselves.</param>
    Task<IRestoreTool> StartAsync(string tool, IReadOnlyList<string> arguments, string database, long inputBytes, CancellationToken cancellationToken);
}
