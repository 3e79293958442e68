namespace OpsModule.Core.Backup.Database;

/// <summary>A running pg_dump: its stdout to stream from, and how it ended.</summary>
internal interface IPgDumpProcess : IAsyncDisposable
{
    Stream Output { get; }

    /// <summary>Waits for the exit code once stdout ended.</summary>
    Task<int> WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>pg_dump's stderr (trimmed, capped, secrets masked).</summary>
    Task<string> ErrorTextAsync();

    /// <summary>Stops pg_dump now (failure or cancellation). Safe to call at any time.</summary>
    void Kill();
}
