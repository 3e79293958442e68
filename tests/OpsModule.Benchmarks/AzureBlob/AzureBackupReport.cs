using System.Globalization;
using OpsModule.Benchmarks.Backup;

namespace OpsModule.Benchmarks.AzureBlob;

/// <summary>The Markdown report of <c>backup-azure</c>: times, ratio, memory.</summary>
internal static class AzureBackupReport
{
    public static void Print(TextWriter output, AzureBenchOptions options, AzureBackupMeasurement m)
    {
        var c = CultureInfo.InvariantCulture;
        var ours = SizeMeasurement.Median(m.Ours);
        var theirs = SizeMeasurement.Median(m.Theirs);
        var ratio = theirs / ours;
        output.WriteLine($"# Backup to Azure Blob Storage (Azurite) ({Environment.ProcessorCount} cores, median of {options.Runs}, interleaved)");
        output.WriteLine();
        output.WriteLine(string.Create(c,
            $"pgbench scale {m.Scale}: database {m.DatabaseBytes / 1e6:F0} MB, dump {m.DumpBytes / 1e6:F0} MB, blob ours {m.OurBlobBytes / 1e6:F1} MB / gzip -6 {m.TheirBlobBytes / 1e6:F1} MB"));
        output.WriteLine();
        output.WriteLine("| side | median s | runs (s) |");
        output.WriteLine("|---|---:|---|");
        output.WriteLine(string.Create(c, $"| ours: DatabaseBackupRunner → AzureBlobStore (staged blocks, SHA-256, manifest last) | {ours:F2} | {Join(m.Ours)} |"));
        output.WriteLine(string.Create(c, $"| theirs: `pg_dump \\| gzip -6 > file`, then `BlobClient.UploadAsync(file)` | {theirs:F2} | {Join(m.Theirs)} |"));
        output.WriteLine(string.Create(c, $"| … of which `pg_dump \\| gzip -6` | {SizeMeasurement.Median(m.TheirDump):F2} | {Join(m.TheirDump)} |"));
        output.WriteLine(string.Create(c, $"| … of which the SDK upload | {SizeMeasurement.Median(m.TheirUpload):F2} | {Join(m.TheirUpload)} |"));
        output.WriteLine();
        output.WriteLine(string.Create(c, $"**ours/theirs speed: {ratio:F2}×** (target ≥ 1.0×: {(ratio >= 1.0 ? "met" : "NOT met")})"));
        output.WriteLine(string.Create(c,
            $"**max working set during our runs: {m.MaxWorkingSetDuringOurs / 1048576.0:F0} MiB** (target < 200 MB: {(m.MaxWorkingSetDuringOurs < 200_000_000 ? "met" : "NOT met")}); max managed heap {m.MaxManagedDuringOurs / 1048576.0:F0} MiB"));
    }

    private static string Join(IReadOnlyList<double> values) => string.Join(", ", values.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)));
}
