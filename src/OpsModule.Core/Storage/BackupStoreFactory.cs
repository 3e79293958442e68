namespace OpsModule.Core.Storage;

/// <summary>Opens the store a location names.</summary>
public static class BackupStoreFactory
{
    /// <param name="location">A folder / UNC path, or s3://bucket/prefix.</param>
    /// <param name="s3">Endpoint, region and credentials for S3 locations; ignored for local ones.</param>
    public static IBackupStore Create(string location, S3StoreOptions? s3 = null) => Create(BackupStoreLocation.Parse(location), s3);

    public static IBackupStore Create(BackupStoreLocation location, S3StoreOptions? s3 = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Kind == BackupStoreKind.S3 ? new S3BackupStore(location, s3) : new LocalBackupStore(location);
    }
}
