
namespace OpsModule.Core.Storage.Catalog;

/// <summary>
/// <c>manifest.json</c>: written last into a backup folder, after every file is stored and checksummed; a folder without
/// it is not a backup. Serialized by <see cref="BackupManifestSerializer"/> (camelCase JSON, enums as names); the format is
/// described in Storage/README.md. Readers reject a <see cref="FormatVersion"/> newer than they know.
/// </summary>
public sealed record BackupManifest
{
    /// <summary>The manifest format this code writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The file name of the manifest inside a backup folder.</summary>
    public const string FileName = "manifest.json";

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The backup id: also the last part of the folder name.</summary>
    public required string Id { get; init; }

    public required BackupKind Kind { get; init; }

    public required BackupSource Source { get; init; }

    /// <summary>Dump format; null for a Config backup.</summary>
    public BackupFormat? Format { get; init; }

    /// <summary>Compression of the dump; null when not compressed or for a Config backup.</summary>
    public BackupCompression? Compression { get; init; }

    public IReadOnlyList<BackupFileEntry> Files { get; init; } = [];

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>PostgreSQL server version ("15.18"), null for Config.</summary>
    public string? ServerVersion { get; init; }

    /// <summary>pg_dump version ("15.18"), null for Config.</summary>
    public string? PgDumpVersion { get; init; }

    /// <summary>Per-table row counts of exactly what is in the dump.</summary>
    public IReadOnlyList<BackupTableRowCount> Tables { get; init; } = [];

    /// <summary>OpsModule version that wrote the backup.</summary>
    public string? ModuleVersion { get; init; }

    public long TotalSize => Files.Sum(f => f.Size);

    public BackupFileEntry? FindFile(string name) => Files.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
