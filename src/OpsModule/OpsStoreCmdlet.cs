using System.Management.Automation;
using OpsModule.Core.Backup;
using OpsModule.Core.Storage;

namespace OpsModule;

/// <summary>
/// Base of every cmdlet that takes a backup store: the store parameters, declared once here, whatever the store's kind
/// (a folder, s3://, azblob:// or an Azure Blob URL).
/// </summary>
public abstract class OpsStoreCmdlet : OpsAsyncCmdlet
{
    /// <summary>
    /// S3: user = access key id, password = secret key. Azure Blob: user = storage account, password = account key or a SAS token.
    /// Default: the cloud's own chain (AWS environment/profile/role; Azure managed identity, environment, Azure CLI).
    /// </summary>
    [Parameter]
    [Alias(BackupStoreParameters.S3CredentialAlias, BackupStoreParameters.AzureCredentialAlias)]
    [Credential]
    public PSCredential? StorageCredential { get; set; }

    /// <summary>A server of the store's protocol other than the cloud's own: MinIO or another S3-compatible server, Azurite.</summary>
    [Parameter]
    [Alias(BackupStoreParameters.S3EndpointAlias)]
    public Uri? StorageEndpoint { get; set; }

    /// <summary>The S3 region (eu-west-1 …); default AWS_REGION, the profile's, else us-east-1. Azure Blob and folders take none.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    /// <summary>The store at <paramref name="location"/>; a piped backup supplies its store's endpoint and region unless given here.</summary>
    protected IBackupStore OpenStore(string location, OpsBackup? backup = null) =>
        BackupStoreParameters.Open(location, StorageEndpoint ?? backup?.StoreEndpoint, Region ?? backup?.StoreRegion, StorageCredential);

    /// <summary>A location fit for an error record's target: a shared access signature in a URL's query is left out.</summary>
    protected static string? Shown(string? location) => location is null ? null : BackupStoreUrl.Redact(location);
}
