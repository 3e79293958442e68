using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup;

/// <summary>How <see cref="BackupService"/> reports back while it runs (the cmdlet marshals each call onto the pipeline thread).</summary>
public sealed record BackupServiceHandlers
{
    /// <summary>Called as soon as each backup is complete (WriteObject).</summary>
    public required Func<OpsBackup, Task> Completed { get; init; }

    /// <summary>Called when one database, the config backup or a retention pass fails while the rest goes on (non-terminating WriteError).</summary>
    public required Func<BackupFailure, Task> Failed { get; init; }

    /// <summary>Asked before retention deletes a folder (ShouldProcess); null deletes without asking.</summary>
    public Func<BackupCatalogEntry, Task<bool>>? ConfirmRemoval { get; init; }
}
