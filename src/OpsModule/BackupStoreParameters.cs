using System.Management.Automation;
using OpsModule.Core.Storage;

namespace OpsModule;

/// <summary>Maps the store parameters (-Store, -StorageEndpoint, -Region, -StorageCredential) to a store, whatever its kind.</summary>
internal static class BackupStoreParameters
{
    /// <summary>The parameter names and aliases, as <see cref="OpsStoreCmdlet"/> declares them.</summary>
    public const string Endpoint = "StorageEndpoint";
    public const string Credential = "StorageCredential";
    public const string Region = "Region";
    public const string S3EndpointAlias = "S3Endpoint";
    public const string S3CredentialAlias = "S3Credential";
    public const string AzureCredentialAlias = "AzureCredential";

    public static IBackupStore Open(string store, Uri? endpoint, string? region, PSCredential? credential) =>
        BackupStoreFactory.Create(store, new BackupStoreSettings
        {
            Endpoint = endpoint,
            Region = region,
            UserName = string.IsNullOrEmpty(credential?.UserName) ? null : credential.UserName,
            Secret = credential?.GetNetworkCredential().Password,
        });
}
