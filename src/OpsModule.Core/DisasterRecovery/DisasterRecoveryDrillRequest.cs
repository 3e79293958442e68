using OpsModule.Core.Backup;
using OpsModule.Core.Restore;

namespace OpsModule.Core.DisasterRecovery;

/// <summary>One drill: restore <see cref="Backup"/> into a scratch database on <see cref="Target"/>, verify it, measure RPO/RTO, drop it.</summary>
public sealed record DisasterRecoveryDrillRequest(OpsBackup Backup, DatabaseRestoreTarget Target)
{
    public static readonly TimeSpan DefaultRpoTarget = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan DefaultRtoTarget = TimeSpan.FromMinutes(30);

    public TimeSpan RpoTarget { get; init; } = DefaultRpoTarget;

    public TimeSpan RtoTarget { get; init; } = DefaultRtoTarget;

    /// <summary>Null uses <c>dr_&lt;db&gt;_&lt;yyyyMMddHHmmss&gt;</c> (UTC). Must not exist yet: the drill never touches a database it did not create.</summary>
    public string? ScratchDatabase { get; init; }

    /// <summary>SQL run in the scratch database after the restore; each must return at least one row.</summary>
    public IReadOnlyList<string> VerifyQueries { get; init; } = [];

    /// <summary>Restore as the connecting role, without the dump's ownership (<see cref="DatabaseRestoreRequest.NoOwner"/>).</summary>
    public bool NoOwner { get; init; }

    /// <summary>Leave out the dump's GRANT/REVOKE (<see cref="DatabaseRestoreRequest.NoPrivileges"/>).</summary>
    public bool NoPrivileges { get; init; }

    /// <summary>Leave the scratch database for inspection instead of dropping it.</summary>
    public bool KeepScratch { get; init; }
}
