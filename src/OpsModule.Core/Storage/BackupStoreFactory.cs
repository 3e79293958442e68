namespace OpsModule.Core.Storage;

/// <summary>Opens the store a location names, through the store kind that takes its scheme (<see cref="BackupStoreRegistry"/>).</summary>
public static class BackupStoreFactory
{
    /// <param name="location">A folder / UNC path, s3://bucket/prefix, azblob://account/container/prefix or an Azure Blob https:// URL (a SAS query is taken as the credential).</param>
    /// <param name="settings">Endpoint, region and credential; each kind uses what applies to it.</param>
    public static IBackupStore Create(string location, BackupStoreSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        var (text, query) = BackupStoreUrl.SplitQuery(location);
        var resolved = (settings ?? BackupStoreSettings.None).WithSharedAccessSignature(query);
        var (parsed, provider) = BackupStoreRegistry.Default.Parse(text, resolved.Endpoint);
        return provider.Open(parsed, resolved);
    }

    /// <summary>Opens a parsed location; its endpoint and region apply unless <paramref name="settings"/> gives them.</summary>
    public static IBackupStore Create(BackupStoreLocation location, BackupStoreSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        var given = settings ?? BackupStoreSettings.None;
        var resolved = new BackupStoreSettings
        {
            Endpoint = given.Endpoint ?? location.Endpoint,
            Region = given.Region ?? location.Region,
            UserName = given.UserName,
            Secret = given.Secret,
            SharedAccessSignature = given.SharedAccessSignature,
        };
        return BackupStoreRegistry.Default.Find(location.Kind).Open(location, resolved);
    }
}
