
namespace OpsModule.Core.Storage.S3;

/// <summary><c>s3://bucket/prefix</c> on AWS or, with -StorageEndpoint, an S3-compatible server.</summary>
public sealed class S3StoreProvider : IBackupStoreProvider
{
    public const string KindName = "S3";
    private const string Scheme = "s3://";

    public string Kind => KindName;

    public BackupStoreLocation? TryParse(string location, Uri? endpoint)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!location.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = location[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..].Trim('/');
        if (!IsValidBucketName(bucket))
        {
            throw BackupStoreLocation.Invalid(location,
                $"'{bucket}' in '{location}' is not a valid S3 bucket name (3-63 characters: lowercase letters, digits, '.', '-').");
        }

        if (prefix.Split('/').Any(s => s is "." or ".." || (s.Length == 0 && prefix.Length > 0)))
        {
            throw BackupStoreLocation.Invalid(location, $"The S3 prefix in '{location}' must not contain empty, '.' or '..' segments.");
        }

        return new BackupStoreLocation(KindName, Scheme + bucket, prefix, bucket);
    }

    public IBackupStore Open(BackupStoreLocation location, BackupStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.SharedAccessSignature is not null)
        {
            throw BackupStoreLocation.Invalid(location.Describe(), $"The S3 location '{location}' was given a query string; s3:// locations take none (pass keys with -StorageCredential).");
        }

        return new S3BackupStore(location, new S3StoreOptions
        {
            ServiceUrl = settings.Endpoint,
            Region = settings.Region,
            AccessKey = settings.UserName,
            SecretKey = settings.Secret,
        });
    }

    private static bool IsValidBucketName(string bucket) =>
        bucket.Length is >= 3 and <= 63
        && bucket.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-')
        && char.IsAsciiLetterOrDigit(bucket[0])
        && char.IsAsciiLetterOrDigit(bucket[^1]);
}
