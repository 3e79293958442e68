namespace OpsModule.Core.Backup;

public enum RetentionOutcome
{
    /// <summary>The folder stays: no rule removes it, or a rule protects it.</summary>
    Kept,

    /// <summary>The folder was (or, from <see cref="BackupRetention.Select"/>, is to be) deleted.</summary>
    Removed,

    /// <summary>A rule would remove it but the confirmation hook (ShouldProcess, -WhatIf) said no.</summary>
    Declined,

    /// <summary>Deleting it failed; see <see cref="RetentionDecision.Error"/>.</summary>
    Failed,
}
