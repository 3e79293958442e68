namespace OpsModule.Core.DisasterRecovery;

/// <summary>What Test-DisasterRecovery emits: every step of the drill, measured RPO/RTO against their targets, and <see cref="Passed"/>.</summary>
public sealed class OpsDrTestResult
{
    public string BackupId { get; init; } = string.Empty;

    public string Database { get; init; } = string.Empty;

    public string ScratchDatabase { get; init; } = string.Empty;

    /// <summary>host:port or pod/name (namespace) restored into; never a user or password.</summary>
    public string Target { get; init; } = string.Empty;

    public IReadOnlyList<OpsDrTestStep> Steps { get; init; } = [];

    /// <summary>Now minus the backup's end, in seconds; null when the backup has no end time.</summary>
    public double? MeasuredRpoSeconds { get; init; }

    public double RpoTargetSeconds { get; init; }

    /// <summary>Restore plus verify time, in seconds; null when the restore failed.</summary>
    public double? MeasuredRtoSeconds { get; init; }

    public double RtoTargetSeconds { get; init; }

    /// <summary>Every table of the manifest has its row count in the scratch database.</summary>
    public bool RowCountsMatched { get; init; }

    /// <summary>True when no step failed (skipped steps do not count).</summary>
    public bool Passed { get; init; }

    /// <summary>When the drill started.</summary>
    public DateTimeOffset Timestamp { get; init; }

    public override string ToString() =>
        $"DR drill of {BackupId} ({Database}): {(Passed ? "passed" : "FAILED: " + string.Join(", ", Steps.Where(s => s.Passed == false).Select(s => s.Name)))}";
}
