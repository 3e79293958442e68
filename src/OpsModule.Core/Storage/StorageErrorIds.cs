namespace OpsModule.Core.Storage;

/// <summary>
/// Stable error ids of the backup stores and the backup catalog, in the <c>Ops.&lt;Area&gt;.&lt;Reason&gt;</c> scheme of
/// <see cref="Errors.OpsErrorIds"/>. Part of the public contract: never rename one.
/// </summary>
public static class StorageErrorIds
{
    public const string InvalidLocation = "Ops.Storage.InvalidLocation";
    public const string BucketNotFound = "Ops.Storage.BucketNotFound";

    /// <summary>A folder store whose root folder does not exist (listing it would otherwise show nothing, as if empty).</summary>
    public const string StoreNotFound = "Ops.Storage.StoreNotFound";
    public const string AccessDenied = "Ops.Storage.AccessDenied";
    public const string AuthenticationFailed = "Ops.Storage.AuthenticationFailed";
    public const string CredentialsMissing = "Ops.Storage.CredentialsMissing";
    public const string NotWritable = "Ops.Storage.NotWritable";
    public const string NotFound = "Ops.Storage.NotFound";
    public const string Unreachable = "Ops.Storage.Unreachable";
    public const string RequestFailed = "Ops.Storage.RequestFailed";

    /// <summary>Reading a stored file broke off part way (the connection to S3 dropped mid-download).</summary>
    public const string ReadInterrupted = "Ops.Storage.ReadInterrupted";

    public const string ManifestInvalid = "Ops.Backup.ManifestInvalid";
}
