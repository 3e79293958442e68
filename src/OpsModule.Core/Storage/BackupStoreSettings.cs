namespace OpsModule.Core.Storage;

/// <summary>
/// How to reach a store, in terms every kind understands: -StorageEndpoint, -Region and -StorageCredential of the cmdlets.
/// Each kind reads what applies to it. Never printed: <see cref="ToString"/> hides the secrets.
/// </summary>
public sealed class BackupStoreSettings
{
    public static readonly BackupStoreSettings None = new();

    /// <summary>A server of the kind's protocol other than the cloud's own (MinIO, s3rver, Azurite …).</summary>
    public Uri? Endpoint { get; init; }

    public string? Region { get; init; }

    /// <summary>The credential's user name: an S3 access key id, an Azure storage account name.</summary>
    public string? UserName { get; init; }

    /// <summary>The credential's password: an S3 secret key, an Azure account key or shared access signature.</summary>
    public string? Secret { get; init; }

    /// <summary>A shared access signature that came as the query of the location URL.</summary>
    public string? SharedAccessSignature { get; init; }

    public bool HasCredential => !string.IsNullOrEmpty(UserName) || !string.IsNullOrEmpty(Secret) || !string.IsNullOrEmpty(SharedAccessSignature);

    internal BackupStoreSettings WithSharedAccessSignature(string? signature) => signature is null ? this : new()
    {
        Endpoint = Endpoint,
        Region = Region,
        UserName = UserName,
        Secret = Secret,
        SharedAccessSignature = signature,
    };

    public override string ToString() =>
        $"BackupStoreSettings {{ Endpoint = {Endpoint}, Region = {Region}, Credential = {(HasCredential ? "explicit" : "ambient")} }}";
}
