using OpsModule.Core.Backup.Config;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup;

/// <summary>What Invoke-OpsBackup asks for.</summary>
public sealed record BackupServiceRequest
{
    /// <summary>The selector used when neither <see cref="PodName"/> nor <see cref="Selector"/> is given.</summary>
    public const string DefaultSelector = "app=postgres";

    public required IBackupStore Store { get; init; }

    /// <summary>kubeconfig context name: recorded in manifests and the folder layout.</summary>
    public string? Context { get; init; }

    /// <summary>Namespace of the database pod and of the config backup. Required unless <see cref="ConnectionString"/> is used alone.</summary>
    public string? Namespace { get; init; }

    /// <summary>Databases to dump, one backup each, in this order. Empty with <see cref="ConfigOnly"/>.</summary>
    public IReadOnlyList<string> Databases { get; init; } = [];

    /// <summary>The database pod; null picks a Running and Ready pod by <see cref="Selector"/>.</summary>
    public string? PodName { get; init; }

    /// <summary>Label selector for the database pod; null means <see cref="DefaultSelector"/>.</summary>
    public string? Selector { get; init; }

    public string? Container { get; init; }

    /// <summary>The PostgreSQL user pg_dump runs as inside the pod.</summary>
    public string DbUser { get; init; } = "postgres";

    /// <summary>Dump with a local pg_dump against this connection string instead of in a pod. Contains the password: never print it.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Local pg_dump to run with <see cref="ConnectionString"/>; null takes it from PATH.</summary>
    public string? PgDumpPath { get; init; }

    public BackupFormat Format { get; init; } = BackupFormat.Plain;

    /// <summary>0-9, as for gzip.</summary>
    public int CompressionLevel { get; init; } = 6;

    /// <summary>Also save the namespace's configuration in each database's backup folder: every backup is then Full.</summary>
    public bool IncludeConfig { get; init; }

    /// <summary>Only the Config backup, no database.</summary>
    public bool ConfigOnly { get; init; }

    /// <summary>Config kinds to save; null uses <see cref="ConfigBackupKinds.Default"/>.</summary>
    public IReadOnlyList<ResourceType>? ConfigKinds { get; init; }

    /// <summary>Encrypts Secret values in the config backup; null redacts them. The caller disposes it.</summary>
    public ConfigSecretEncryptor? SecretEncryption { get; init; }

    public bool IncludeControllerOwned { get; init; }

    /// <summary>Applied to each group that got a new backup, after it succeeded; null keeps everything.</summary>
    public RetentionPolicy? Retention { get; init; }

    internal bool WantsConfig => IncludeConfig || ConfigOnly;

    internal bool WantsDatabases => !ConfigOnly;

    /// <summary>Hides the connection string (password) in the generated ToString.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Context = ").Append(Context).Append(", Namespace = ").Append(Namespace)
            .Append(", Databases = ").Append(string.Join(",", Databases));
        return true;
    }
}
