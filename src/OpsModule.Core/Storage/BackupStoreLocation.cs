using OpsModule.Core.Errors;

namespace OpsModule.Core.Storage;

/// <summary>
/// A parsed backup location: <c>s3://bucket/prefix</c> for S3, anything else is a local folder or UNC path
/// (made absolute against the current directory).
/// </summary>
public sealed record BackupStoreLocation
{
    private BackupStoreLocation(BackupStoreKind kind, string? localPath, string? bucket, string prefix)
    {
        Kind = kind;
        LocalPath = localPath;
        Bucket = bucket;
        Prefix = prefix;
    }

    public BackupStoreKind Kind { get; }

    /// <summary>The absolute folder of a local store; null for S3.</summary>
    public string? LocalPath { get; }

    /// <summary>The bucket of an S3 store; null for a local one.</summary>
    public string? Bucket { get; }

    /// <summary>The key prefix inside the bucket, without leading or trailing '/' ("" for the bucket root); "" for a local store.</summary>
    public string Prefix { get; }

    /// <summary>
    /// The S3-compatible endpoint the store was opened with (null: AWS itself, or a local store). Carried by every backup listed
    /// from the store, so a piped backup reaches its store without the caller repeating -S3Endpoint.
    /// </summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The S3 region the store was opened with; null for a local store.</summary>
    public string? Region { get; init; }

    /// <summary>Decides local vs S3. Throws an <see cref="OpsException"/> (Ops.Storage.InvalidLocation) for an unusable value.</summary>
    public static BackupStoreLocation Parse(string location)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            throw Invalid(location ?? string.Empty, "The backup location is empty.");
        }

        var trimmed = location.Trim();
        if (trimmed.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return ParseS3(trimmed);
        }

        if (trimmed.Contains("://", StringComparison.Ordinal))
        {
            throw Invalid(trimmed, $"The backup location '{trimmed}' uses a scheme OpsModule does not support.");
        }

        try
        {
            return new BackupStoreLocation(BackupStoreKind.Local, Path.GetFullPath(trimmed), null, string.Empty);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Invalid(trimmed, $"The backup location '{trimmed}' is not a valid folder path: {e.Message}");
        }
    }

    /// <summary>The location of <paramref name="relativePath"/> inside this store, for display (s3://bucket/prefix/path or a local path).</summary>
    public string Describe(string relativePath = "")
    {
        var relative = relativePath.Trim('/');
        if (Kind == BackupStoreKind.S3)
        {
            var key = StorePath.Join(Prefix, relative);
            return key.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{key}";
        }

        return relative.Length == 0 ? LocalPath! : Path.Combine(LocalPath!, relative.Replace('/', Path.DirectorySeparatorChar));
    }

    public override string ToString() => Describe();

    private static BackupStoreLocation ParseS3(string location)
    {
        var rest = location["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..].Trim('/');
        if (!IsValidBucketName(bucket))
        {
            throw Invalid(location,
                $"'{bucket}' in '{location}' is not a valid S3 bucket name (3-63 characters: lowercase letters, digits, '.', '-').");
        }

        if (prefix.Split('/').Any(s => s is "." or ".." || (s.Length == 0 && prefix.Length > 0)))
        {
            throw Invalid(location, $"The S3 prefix in '{location}' must not contain empty, '.' or '..' segments.");
        }

        return new BackupStoreLocation(BackupStoreKind.S3, null, bucket, prefix);
    }

    private static bool IsValidBucketName(string bucket) =>
        bucket.Length is >= 3 and <= 63
        && bucket.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-')
        && char.IsAsciiLetterOrDigit(bucket[0])
        && char.IsAsciiLetterOrDigit(bucket[^1]);

    private static OpsException Invalid(string location, string message) => new(
        StorageErrorIds.InvalidLocation,
        OpsErrorCategory.InvalidArgument,
        message,
        "Pass a folder path (C:\\Backups, \\\\server\\share\\backups, /var/backups) or s3://bucket/prefix.",
        location);
}
