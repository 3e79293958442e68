namespace OpsModule.Core.Storage;

/// <summary>Where backups are kept.</summary>
public enum BackupStoreKind
{
    /// <summary>A local folder or a UNC/SMB share path.</summary>
    Local,

    /// <summary>An S3 bucket (AWS or an S3-compatible server such as MinIO).</summary>
    S3,
}
