using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup;

/// <summary>What Get-OpsBackup and Remove-OpsBackup do with a store: list backups as OpsBackup objects, remove one.</summary>
public static class BackupListing
{
    /// <summary>Backups newest first; only folders with a valid manifest unless <see cref="BackupQuery.IncludeIncomplete"/>.</summary>
    public static async Task<IReadOnlyList<OpsBackup>> ListAsync(IBackupStore store, BackupQuery query, CancellationToken cancellationToken)
    {
        var entries = await new BackupCatalog(store).ListAsync(query, cancellationToken);
        return entries.Select(entry => OpsBackup.FromCatalogEntry(entry, store.Location)).ToList();
    }

    /// <summary>The backup in <paramref name="folderPath"/>; an error that says so when the folder holds no complete backup.</summary>
    public static async Task<OpsBackup> GetAsync(IBackupStore store, string folderPath, CancellationToken cancellationToken)
    {
        var entry = await new BackupCatalog(store).GetAsync(folderPath, cancellationToken);
        if (entry is not { Status: BackupStatus.Complete })
        {
            throw new Errors.OpsException("Ops.Backup.NotFound", Errors.OpsErrorCategory.ObjectNotFound,
                $"{store.Location.Describe(folderPath)} is not a complete backup{(entry?.Problem is { } problem ? ": " + problem : ".")}",
                "List the backups with Get-OpsBackup -Store <store> and pipe the one you want.", folderPath);
        }

        return OpsBackup.FromCatalogEntry(entry, store.Location);
    }

    /// <summary>The newest complete backup matching <paramref name="query"/>; an error that says what was searched when there is none.</summary>
    public static async Task<OpsBackup> GetLatestAsync(IBackupStore store, BackupQuery query, CancellationToken cancellationToken)
    {
        var entry = await new BackupCatalog(store).GetLatestAsync(query, cancellationToken)
            ?? throw new Errors.OpsException("Ops.Backup.NotFound", Errors.OpsErrorCategory.ObjectNotFound,
                $"No complete backup of {query.Database ?? "any database"}{(query.Namespace is null ? string.Empty : " in namespace " + query.Namespace)} in {store.Location.Describe()}.",
                "Check -Store and -Database with Get-OpsBackup, or run Invoke-OpsBackup first.", query.Database);
        return OpsBackup.FromCatalogEntry(entry, store.Location);
    }

    /// <summary>Deletes every file of the backup's folder; returns how many were deleted.</summary>
    public static Task<int> RemoveAsync(IBackupStore store, OpsBackup backup, CancellationToken cancellationToken) =>
        store.DeleteFolderAsync(backup.FolderPath, cancellationToken);
}
