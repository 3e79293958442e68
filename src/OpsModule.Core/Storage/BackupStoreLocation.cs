using OpsModule.Core.Errors;

namespace OpsModule.Core.Storage;

/// <summary>
/// A parsed backup location, whatever its store kind: the kind's name, the store's root (a folder path, <c>s3://bucket</c>,
/// <c>azblob://account/container</c>), the bucket or container, and the key prefix inside it. Never holds a secret: a shared
/// access signature on a location URL is split off before the location is parsed (<see cref="BackupStoreUrl"/>).
/// </summary>
public sealed record BackupStoreLocation
{
    public BackupStoreLocation(string kind, string root, string prefix = "", string? container = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(root);
        Kind = kind;
        Root = root;
        Prefix = (prefix ?? string.Empty).Trim('/');
        Container = container;
    }

    /// <summary>The store kind that handles this location (<see cref="IBackupStoreProvider.Kind"/>: Folder, S3, AzureBlob …).</summary>
    public string Kind { get; }

    /// <summary>The store without its prefix: an absolute folder path, <c>s3://bucket</c> or <c>azblob://account/container</c>.</summary>
    public string Root { get; }

    /// <summary>The bucket (S3) or container (Azure Blob); null for a folder.</summary>
    public string? Container { get; }

    /// <summary>The key prefix inside the bucket or container, without leading or trailing '/' ("" for its root); "" for a folder.</summary>
    public string Prefix { get; }

    /// <summary>A folder on this machine or a share (paths use the platform's separator), not an object store.</summary>
    public bool IsFolder => !Root.Contains("://", StringComparison.Ordinal);

    /// <summary>
    /// The endpoint the store was opened with (an S3-compatible server, Azurite; null: the cloud's own, or a folder). Carried by
    /// every backup listed from the store, so a piped backup reaches its store without the caller repeating -StorageEndpoint.
    /// </summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The region the store was opened with (S3); null where the kind has none.</summary>
    public string? Region { get; init; }

    /// <summary>Finds the store kind of <paramref name="location"/> through <see cref="BackupStoreRegistry"/>.</summary>
    /// <exception cref="OpsException">Ops.Storage.InvalidLocation for an unusable value.</exception>
    public static BackupStoreLocation Parse(string location, Uri? endpoint = null) => BackupStoreRegistry.Default.Parse(location, endpoint).Location;

    /// <summary>The location of <paramref name="relativePath"/> inside this store, for display (a URL or a local path).</summary>
    public string Describe(string relativePath = "")
    {
        var relative = relativePath.Trim('/');
        if (IsFolder)
        {
            return relative.Length == 0 ? Root : Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
        }

        var key = StorePath.Join(Prefix, relative);
        return key.Length == 0 ? Root : $"{Root}/{key}";
    }

    public override string ToString() => Describe();

    /// <summary>The error every parser throws for a location it recognises but cannot use.</summary>
    public static OpsException Invalid(string location, string message) => new(
        StorageErrorIds.InvalidLocation,
        OpsErrorCategory.InvalidArgument,
        message,
        "Pass a folder path (C:\\Backups, \\\\server\\share\\backups, /var/backups), s3://bucket/prefix or azblob://account/container/prefix.",
        location);
}
