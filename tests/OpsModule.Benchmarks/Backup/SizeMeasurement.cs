namespace OpsModule.Benchmarks.Backup;

/// <summary>Everything measured at one pgbench scale. Times in seconds, one entry per run.</summary>
internal sealed record SizeMeasurement(
    int Scale,
    long DatabaseBytes,
    long DumpBytes,
    long OurGzipBytes,
    long TheirGzipBytes,
    IReadOnlyList<double> OurBackup,
    IReadOnlyList<double> TheirBackup,
    IReadOnlyList<double> OurRestore,
    IReadOnlyList<double> TheirRestore,
    IReadOnlyList<double> RowCountVerification,
    IReadOnlyList<double> DotNetGzipOnly,
    IReadOnlyList<double> GnuGzipOnly,
    IReadOnlyList<double> OurS3Backup,
    IReadOnlyList<double> TheirS3Backup,
    long MaxWorkingSet,
    long MaxManagedHeap,
    long PeakWorkingSetSoFar,
    long ManagedAfterFullGc)
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>MB/s of uncompressed dump text (what both sides stream through gzip / psql).</summary>
    public double MegabytesPerSecond(IReadOnlyList<double> seconds) => DumpBytes / 1e6 / Median(seconds);
}
