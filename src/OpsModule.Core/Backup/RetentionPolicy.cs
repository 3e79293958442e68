namespace OpsModule.Core.Backup;

/// <summary>
/// How many backups to keep per context/namespace/database. A complete backup is removed when it breaks any rule given:
/// older than <see cref="RetentionDays"/>, or not among the newest <see cref="KeepLast"/>. The backup just made and the
/// newest complete one of each group are always kept.
/// </summary>
public sealed record RetentionPolicy
{
    /// <summary>Incomplete folders younger than this may still be written to and are never removed.</summary>
    public static readonly TimeSpan DefaultIncompleteGrace = TimeSpan.FromHours(1);

    public RetentionPolicy(int? retentionDays = null, int? keepLast = null)
    {
        if (retentionDays is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(retentionDays), retentionDays, "RetentionDays must be 1 or more.");
        }

        if (keepLast is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(keepLast), keepLast, "KeepLast must be 1 or more.");
        }

        RetentionDays = retentionDays;
        KeepLast = keepLast;
    }

    /// <summary>Remove complete backups started more than this many days ago.</summary>
    public int? RetentionDays { get; }

    /// <summary>Keep only the newest N complete backups.</summary>
    public int? KeepLast { get; }

    /// <summary>Incomplete folders whose newest file or start is younger than this are left alone (a backup may be running).</summary>
    public TimeSpan IncompleteGrace { get; init; } = DefaultIncompleteGrace;

    /// <summary>No rule given: nothing is removed.</summary>
    public bool IsEmpty => RetentionDays is null && KeepLast is null;
}
