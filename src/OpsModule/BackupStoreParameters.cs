using System.Management.Automation;
using OpsModule.Core.Storage;

namespace OpsModule;

/// <summary>Maps the backup-store parameters every backup cmdlet shares (-Store, -S3Endpoint, -Region, -S3Credential) to a store.</summary>
internal static class BackupStoreParameters
{
    public static IBackupStore Open(string store, Uri? s3Endpoint, string? region, PSCredential? s3Credential) =>
        BackupStoreFactory.Create(store, new S3StoreOptions
        {
            ServiceUrl = s3Endpoint,
            Region = region,
            AccessKey = s3Credential?.UserName,
            SecretKey = s3Credential?.GetNetworkCredential().Password,
        });
}
