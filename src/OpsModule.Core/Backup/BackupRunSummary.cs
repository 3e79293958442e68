namespace OpsModule.Core.Backup;

/// <summary>Everything one <see cref="BackupService.RunAsync"/> did.</summary>
public sealed record BackupRunSummary(
    IReadOnlyList<OpsBackup> Backups, IReadOnlyList<BackupFailure> Failures, IReadOnlyList<RetentionDecision> Retention)
{
    public IEnumerable<RetentionDecision> Removed => Retention.Where(d => d.Outcome == RetentionOutcome.Removed);
}
