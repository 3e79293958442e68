using OpsModule.Core.Backup;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Tests.Faults;

/// <summary>Records what BackupService hands to Invoke-OpsBackup's pipeline: emitted backups, non-terminating failures, retention questions.</summary>
internal sealed class FaultBackupHandlers
{
    public List<OpsBackup> Completed { get; } = [];

    public List<BackupFailure> Failed { get; } = [];

    /// <summary>Backups retention asked to remove (ShouldProcess).</summary>
    public List<string> RemovalAsked { get; } = [];

    public BackupServiceHandlers Handlers => new()
    {
        Completed = b => { lock (Completed) Completed.Add(b); return Task.CompletedTask; },
        Failed = f => { lock (Failed) Failed.Add(f); return Task.CompletedTask; },
        ConfirmRemoval = (BackupCatalogEntry e) => { lock (RemovalAsked) RemovalAsked.Add(e.Id); return Task.FromResult(true); },
    };
}
