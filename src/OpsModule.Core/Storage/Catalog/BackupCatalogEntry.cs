
namespace OpsModule.Core.Storage.Catalog;

/// <summary>One backup folder found in a store.</summary>
public sealed record BackupCatalogEntry
{
    public required string Id { get; init; }

    public required BackupStatus Status { get; init; }

    /// <summary>The folder inside the store.</summary>
    public required string FolderPath { get; init; }

    /// <summary>The full location for display and for -Location (a local path, s3://bucket/prefix/folder or azblob://account/container/prefix/folder).</summary>
    public required string Location { get; init; }

    /// <summary>From the manifest; from the folder path when incomplete (as stored there).</summary>
    public required string Context { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The database, or null for a Config backup.</summary>
    public string? Database { get; init; }

    /// <summary>Null when incomplete.</summary>
    public BackupKind? Kind { get; init; }

    /// <summary>From the manifest; the folder timestamp when incomplete.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Bytes of every file in the folder.</summary>
    public required long Size { get; init; }

    /// <summary>Null when incomplete.</summary>
    public BackupManifest? Manifest { get; init; }

    /// <summary>Why the folder is incomplete; null when complete.</summary>
    public string? Problem { get; init; }

    public required IReadOnlyList<BackupStoreFile> Files { get; init; }
}
