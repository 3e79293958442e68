namespace OpsModule.Core.Backup.Database;

/// <summary>How far a dump is.</summary>
/// <param name="Database">The database being dumped.</param>
/// <param name="BytesDumped">Bytes pg_dump produced so far (before gzip for Plain).</param>
/// <param name="BytesStored">Bytes written to the store so far.</param>
/// <param name="Elapsed">Time since the dump started.</param>
/// <param name="Completed">True for the last report, after the backup was stored.</param>
public sealed record DatabaseBackupProgress(string Database, long BytesDumped, long BytesStored, TimeSpan Elapsed, bool Completed)
{
    /// <summary>pg_dump output bytes per second so far.</summary>
    public double BytesPerSecond => Elapsed.TotalSeconds > 0 ? BytesDumped / Elapsed.TotalSeconds : 0;
}
