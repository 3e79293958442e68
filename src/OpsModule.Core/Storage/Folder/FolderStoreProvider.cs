
namespace OpsModule.Core.Storage.Folder;

/// <summary>A folder or UNC share: any location without a scheme, made absolute against the current directory.</summary>
public sealed class FolderStoreProvider : IBackupStoreProvider
{
    public const string KindName = "Folder";

    public string Kind => KindName;

    /// <summary>Last: it takes whatever no other kind claimed, as long as it has no scheme.</summary>
    public int Order => int.MaxValue;

    public BackupStoreLocation? TryParse(string location, Uri? endpoint)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Contains("://", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return new BackupStoreLocation(KindName, Path.GetFullPath(location.Trim()));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw BackupStoreLocation.Invalid(location, $"The backup location '{location}' is not a valid folder path: {e.Message}");
        }
    }

    public IBackupStore Open(BackupStoreLocation location, BackupStoreSettings settings) => new LocalBackupStore(location);
}
