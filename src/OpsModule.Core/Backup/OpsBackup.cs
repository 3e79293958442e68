using OpsModule.Core.Backup.Config;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup;

/// <summary>
/// One backup as Invoke-OpsBackup and Get-OpsBackup emit it. Restore-OpsDatabase and Test-DisasterRecovery bind to it by
/// property name (<see cref="Location"/>, <see cref="FolderPath"/>, <see cref="Id"/>, <see cref="Database"/>,
/// <see cref="Namespace"/>) or take the whole object (its manifest and <see cref="StoreLocation"/>).
/// </summary>
public sealed class OpsBackup
{
    private OpsBackup()
    {
    }

    public string Id { get; private init; } = string.Empty;

    public BackupKind Kind { get; private init; }

    public BackupStatus Status { get; private init; }

    /// <summary>kubeconfig context; "_local" for a connection-string backup taken outside Kubernetes (as in the store layout).</summary>
    public string Context { get; private init; } = string.Empty;

    public string Namespace { get; private init; } = string.Empty;

    /// <summary>Null for a Config backup.</summary>
    public string? Database { get; private init; }

    /// <summary>The database pod, or the host of a connection-string backup; null for Config and incomplete backups.</summary>
    public string? Source { get; private init; }

    /// <summary>The backup folder as a user reads it: a local path, s3://bucket/prefix/… or azblob://account/container/prefix/…; what -Location takes.</summary>
    public string Location { get; private init; } = string.Empty;

    /// <summary>The store holding the backup (a folder, s3://bucket/prefix or azblob://account/container/prefix), i.e. <see cref="Location"/> without <see cref="FolderPath"/>.</summary>
    public string StoreLocation { get; private init; } = string.Empty;

    /// <summary>The endpoint of the store (an S3-compatible server, Azurite; null for the cloud's own and for folders), so piping needs no -StorageEndpoint.</summary>
    public Uri? StoreEndpoint { get; private init; }

    /// <summary>The kind of store holding the backup: Folder, S3, AzureBlob.</summary>
    public string StoreKind { get; private init; } = string.Empty;

    /// <summary>The S3 region of the store; null for folders.</summary>
    public string? StoreRegion { get; private init; }

    /// <summary>The backup folder inside the store.</summary>
    public string FolderPath { get; private init; } = string.Empty;

    /// <summary>File names in the backup (as the manifest lists them; every file found for an incomplete folder).</summary>
    public IReadOnlyList<string> Files { get; private init; } = [];

    /// <summary>Bytes of the backup's files as stored.</summary>
    public long Size { get; private init; }

    /// <summary>SHA-256 (lowercase hex) of the dump file; null for Config and incomplete backups.</summary>
    public string? Sha256 { get; private init; }

    public BackupFormat? Format { get; private init; }

    /// <summary>"gzip:6" for Plain dumps; null for Custom (pg_dump compresses inside the archive) and Config.</summary>
    public string? Compression { get; private init; }

    public DateTimeOffset StartedAt { get; private init; }

    public DateTimeOffset? CompletedAt { get; private init; }

    public double? DurationSeconds => Seconds.Of(CompletedAt - StartedAt);

    public string? ServerVersion { get; private init; }

    public string? PgDumpVersion { get; private init; }

    public IReadOnlyList<OpsBackupTable> Tables { get; private init; } = [];

    public string? ModuleVersion { get; private init; }

    /// <summary>Why the folder is not a whole backup; null when complete.</summary>
    public string? Problem { get; private init; }

    /// <summary>
    /// The manifest as stored; null for an incomplete folder. Not public: its content is already on this object, and
    /// ConvertTo-Json and Format-List would print it a second time.
    /// </summary>
    internal BackupManifest? Manifest { get; private init; }

    public static OpsBackup FromCatalogEntry(BackupCatalogEntry entry, BackupStoreLocation store)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(store);
        if (entry.Manifest is { } manifest && entry.Status == BackupStatus.Complete)
        {
            return FromManifest(manifest, entry.FolderPath, entry.Location, store);
        }

        return new OpsBackup
        {
            Id = entry.Id,
            Kind = entry.Kind ?? (entry.Database is null ? BackupKind.Config : BackupKind.Database),
            Status = entry.Status,
            Context = entry.Context,
            Namespace = entry.Namespace,
            Database = entry.Database,
            Location = entry.Location,
            StoreLocation = store.Describe(),
            StoreEndpoint = store.Endpoint,
            StoreKind = store.Kind,
            StoreRegion = store.Region,
            FolderPath = entry.FolderPath,
            Files = entry.Files.Select(f => f.Name).ToArray(),
            Size = entry.Size,
            StartedAt = entry.StartedAt,
            CompletedAt = entry.CompletedAt,
            Problem = entry.Problem,
        };
    }

    public static OpsBackup FromResult(DatabaseBackupResult result, BackupStoreLocation store)
    {
        ArgumentNullException.ThrowIfNull(result);
        return FromManifest(result.Manifest, result.FolderPath, result.Location, store);
    }

    public static OpsBackup FromResult(ConfigBackupResult result, BackupStoreLocation store)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(store);
        return FromManifest(result.Manifest, result.FolderPath, store.Describe(result.FolderPath), store);
    }

    /// <summary>A complete backup described by its manifest.</summary>
    public static OpsBackup FromManifest(BackupManifest manifest, string folderPath, string location, BackupStoreLocation store)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(store);
        BackupLayout.TryParseFolder(folderPath, out var parsed);
        return new OpsBackup
        {
            Id = manifest.Id,
            Kind = manifest.Kind,
            Status = BackupStatus.Complete,
            Context = manifest.Source.Context ?? parsed?.Context ?? BackupLayout.NoContextSegment,
            Namespace = manifest.Source.Namespace ?? parsed?.Namespace ?? BackupLayout.NoNamespaceSegment,
            Database = manifest.Kind == BackupKind.Config ? null : manifest.Source.Database,
            Source = manifest.Source.Pod ?? manifest.Source.Host,
            Location = location,
            StoreLocation = store.Describe(),
            StoreEndpoint = store.Endpoint,
            StoreKind = store.Kind,
            StoreRegion = store.Region,
            FolderPath = folderPath,
            Files = manifest.Files.Select(f => f.Name).ToArray(),
            Size = manifest.TotalSize,
            Sha256 = DumpFile(manifest)?.Sha256,
            Format = manifest.Format,
            Compression = manifest.Compression is { } c ? $"{c.Algorithm}:{c.Level}" : null,
            StartedAt = manifest.StartedAt,
            CompletedAt = manifest.CompletedAt,
            ServerVersion = manifest.ServerVersion,
            PgDumpVersion = manifest.PgDumpVersion,
            Tables = manifest.Tables.Select(t => new OpsBackupTable(t.Schema, t.Name, t.Rows)).ToArray(),
            ModuleVersion = manifest.ModuleVersion,
            Manifest = manifest,
        };
    }

    /// <summary>The dump file of a Database or Full backup (named after the database, .sql.gz or .dump).</summary>
    public static BackupFileEntry? DumpFile(BackupManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Kind == BackupKind.Config)
        {
            return null;
        }

        return manifest.Files.FirstOrDefault(f => f.Name.EndsWith(".sql.gz", StringComparison.Ordinal) || f.Name.EndsWith(".dump", StringComparison.Ordinal))
            ?? manifest.Files.FirstOrDefault();
    }

    /// <summary>
    /// The namespace the backup was taken from in a cluster, where a restore or drill of it goes unless told otherwise; null for a
    /// connection-string backup taken outside Kubernetes. A method, so it stays out of views and JSON.
    /// </summary>
    public string? GetClusterNamespace() =>
        Context == BackupLayout.NoContextSegment || string.IsNullOrEmpty(Namespace) ? null : Namespace;

    public override string ToString() => $"{Kind} backup {Id} of {Database ?? Namespace} at {Location}";
}
