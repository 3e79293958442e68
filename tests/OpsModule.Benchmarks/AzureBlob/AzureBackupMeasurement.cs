namespace OpsModule.Benchmarks.AzureBlob;

/// <summary>One scale of <c>backup-azure</c>: sizes, the interleaved run times of both sides, and this process's memory during ours.</summary>
internal sealed record AzureBackupMeasurement(
    int Scale,
    long DatabaseBytes,
    long DumpBytes,
    long OurBlobBytes,
    long TheirBlobBytes,
    IReadOnlyList<double> Ours,
    IReadOnlyList<double> TheirDump,
    IReadOnlyList<double> TheirUpload,
    long MaxWorkingSetDuringOurs,
    long MaxManagedDuringOurs)
{
    public IReadOnlyList<double> Theirs => TheirDump.Zip(TheirUpload, (dump, upload) => dump + upload).ToArray();
}
