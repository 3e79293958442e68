namespace OpsModule.Core.Restore;

/// <summary>What Restore-OpsDatabase emits: one restored database and how it compares with the backup's manifest.</summary>
public sealed class OpsRestoreResult
{
    public string BackupId { get; init; } = string.Empty;

    /// <summary>The backup folder restored from (local path or s3://…).</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>host:port/db or pod/name (namespace)/db; never a user or password.</summary>
    public string Target { get; init; } = string.Empty;

    public string TargetDatabase { get; init; } = string.Empty;

    public DateTimeOffset StartedAt { get; init; }

    public double DurationSeconds { get; init; }

    /// <summary>Stored bytes of the dump read (and checked against the manifest).</summary>
    public long Bytes { get; init; }

    /// <summary>Tables of the manifest whose row counts were compared.</summary>
    public int TablesVerified { get; init; }

    public IReadOnlyList<OpsRestoreMismatch> Mismatches { get; init; } = [];

    public IReadOnlyList<OpsScaledDeployment> ScaledDeployments { get; init; } = [];

    /// <summary>True when every table of the manifest has its row count in the restored database.</summary>
    public bool Verified { get; init; }

    public override string ToString() => $"{BackupId} → {Target} ({(Verified ? "verified" : $"{Mismatches.Count} mismatches")})";
}
