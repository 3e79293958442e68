using System.Diagnostics;

namespace OpsModule.Core.Restore;

/// <summary>Reports the stages of one restore, and the bytes restored at most every half second.</summary>
internal sealed class RestoreProgressReporter(IProgress<DatabaseRestoreProgress>? progress, string database, long totalBytes)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private TimeSpan? _lastRestoring;

    public TimeSpan Elapsed => _stopwatch.Elapsed;

    public void Report(DatabaseRestoreStage stage, long bytesRead) =>
        progress?.Report(new DatabaseRestoreProgress(database, stage, bytesRead, totalBytes, _stopwatch.Elapsed));

    public void ReportRestoring(long bytesRead)
    {
        if (progress is null || (_lastRestoring is { } last && _stopwatch.Elapsed - last < Interval))
        {
            return;
        }

        _lastRestoring = _stopwatch.Elapsed;
        Report(DatabaseRestoreStage.Restoring, bytesRead);
    }
}
