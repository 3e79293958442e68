namespace OpsModule.Core.Restore;

/// <summary>A running psql or pg_restore reading the dump from its stdin.</summary>
internal interface IRestoreTool : IAsyncDisposable
{
    Stream Input { get; }

    /// <summary>Ends stdin (a no-op on v4 exec servers, which cannot signal it; the command must end by itself there).</summary>
    Task CloseInputAsync(CancellationToken cancellationToken);

    Task<int> WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>Rows of each <c>COPY n</c> tag psql printed on stdout, in order (empty for pg_restore and quiet psql).</summary>
    Task<IReadOnlyList<long>> CopyRowCountsAsync();

    /// <summary>stderr (trimmed, capped, secrets masked).</summary>
    Task<string> ErrorTextAsync();

    /// <summary>Stops the tool now; its open transaction rolls back. Safe to call at any time.</summary>
    void Kill();
}
