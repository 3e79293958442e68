using System.Globalization;

namespace OpsModule.Benchmarks.Backup;

/// <summary>Markdown tables: throughput and ratios at the headline scale, memory at every scale.</summary>
internal static class BackupReport
{
    public const string S3cmdMissing = "s3cmd is not installed (it is the independent S3 client of the comparison): apt-get install s3cmd";

    public static void Print(TextWriter output, BackupBenchOptions options, IReadOnlyList<SizeMeasurement> sizes)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"# Backup/restore benchmark ({Environment.ProcessorCount} cores, median of {options.Runs}, interleaved)");
        output.WriteLine();
        output.WriteLine("MB/s = uncompressed pg_dump text (MB, 10^6 bytes) / median wall time.");
        if (sizes.Any(s => s.OurS3Backup.Count == 0))
        {
            output.WriteLine(options.S3 ? $"S3 comparison skipped: {S3cmdMissing}." : "S3 comparison skipped (--no-s3).");
        }
        foreach (var size in sizes)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c,
                $"## pgbench scale {size.Scale}: database {size.DatabaseBytes / 1e6:F0} MB, dump {size.DumpBytes / 1e6:F0} MB, gzip ours {size.OurGzipBytes / 1e6:F1} MB / gzip -6 {size.TheirGzipBytes / 1e6:F1} MB"));
            output.WriteLine();
            output.WriteLine("| step | ours s (median) | ours MB/s | theirs s (median) | theirs MB/s | ours/theirs | target |");
            output.WriteLine("|---|---|---|---|---|---|---|");
            Row(output, "backup: DatabaseBackupRunner vs `pg_dump \\| gzip -6 > file`", size, size.OurBackup, size.TheirBackup);
            if (size.OurS3Backup.Count > 0)
            {
                Row(output, "backup to S3 (s3rver): DatabaseBackupRunner vs `pg_dump \\| gzip -6 \\| s3cmd put - s3://…`", size, size.OurS3Backup, size.TheirS3Backup);
            }

            Row(output, "restore: DatabaseRestoreRunner vs `createdb; gunzip -c \\| psql`", size, size.OurRestore, size.TheirRestore);
            output.WriteLine(string.Create(c,
                $"| (info) compressor only on the dump text: GZipStream Optimal vs `gzip -6 > /dev/null` | {SizeMeasurement.Median(size.DotNetGzipOnly):F2} | {size.MegabytesPerSecond(size.DotNetGzipOnly):F1} | {SizeMeasurement.Median(size.GnuGzipOnly):F2} | {size.MegabytesPerSecond(size.GnuGzipOnly):F1} | {size.MegabytesPerSecond(size.DotNetGzipOnly) / size.MegabytesPerSecond(size.GnuGzipOnly):F2}× | – |"));
            output.WriteLine(string.Create(c,
                $"| (info) count(*) of every table after theirs: the scan our Plain restore saves by taking psql's `COPY n` tags as the loaded row counts | – | – | {SizeMeasurement.Median(size.RowCountVerification):F2} | – | – | – |"));
            output.WriteLine();
            output.WriteLine(string.Create(c, $"runs (s): backup ours [{Join(size.OurBackup)}] theirs [{Join(size.TheirBackup)}]; restore ours [{Join(size.OurRestore)}] theirs [{Join(size.TheirRestore)}]{(size.OurS3Backup.Count > 0 ? $"; S3 backup ours [{Join(size.OurS3Backup)}] theirs [{Join(size.TheirS3Backup)}]" : string.Empty)}"));
        }

        output.WriteLine();
        output.WriteLine("## Memory of the benchmark process");
        output.WriteLine();
        output.WriteLine("| scale | dump MB | max working set during runs | max managed heap (sampled) | PeakWorkingSet64 so far | managed after full GC |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var size in sizes)
        {
            output.WriteLine(string.Create(c,
                $"| {size.Scale} | {size.DumpBytes / 1e6:F0} | {Mb(size.MaxWorkingSet)} | {Mb(size.MaxManagedHeap)} | {Mb(size.PeakWorkingSetSoFar)} | {Mb(size.ManagedAfterFullGc)} |"));
        }
    }

    private static void Row(TextWriter output, string step, SizeMeasurement size, IReadOnlyList<double> ours, IReadOnlyList<double> theirs)
    {
        var ratio = size.MegabytesPerSecond(ours) / size.MegabytesPerSecond(theirs);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {step} | {SizeMeasurement.Median(ours):F2} | {size.MegabytesPerSecond(ours):F1} | {SizeMeasurement.Median(theirs):F2} | {size.MegabytesPerSecond(theirs):F1} | **{ratio:F3}×** | ≥ 0.90× {(ratio >= 0.9 ? "met" : "NOT met")} |"));
    }

    private static string Join(IReadOnlyList<double> values) => string.Join(", ", values.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)));

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture) + " MiB";
}
