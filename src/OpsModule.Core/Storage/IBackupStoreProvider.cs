namespace OpsModule.Core.Storage;

/// <summary>
/// One kind of backup store (a folder, S3, Azure Blob …): which locations it takes and how it opens them. Implementations are
/// found by <see cref="BackupStoreRegistry"/> in this assembly: a new kind is one folder under Storage/ with a provider in it.
/// </summary>
public interface IBackupStoreProvider
{
    /// <summary>The kind's name, as <see cref="BackupStoreLocation.Kind"/> and OpsBackup.StoreKind show it.</summary>
    string Kind { get; }

    /// <summary>Providers are asked in this order; the folder, which takes any text without a scheme, goes last.</summary>
    int Order => 0;

    /// <summary>The parsed location when <paramref name="location"/> is this kind's (throw InvalidLocation when it is but is unusable); else null.</summary>
    /// <param name="location">The location as given, without a query string.</param>
    /// <param name="endpoint">-StorageEndpoint, for kinds whose locations can be URLs on that endpoint (Azurite).</param>
    BackupStoreLocation? TryParse(string location, Uri? endpoint);

    IBackupStore Open(BackupStoreLocation location, BackupStoreSettings settings);
}
