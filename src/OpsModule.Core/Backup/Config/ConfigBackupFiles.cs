using OpsModule.Core.Storage;

namespace OpsModule.Core.Backup.Config;

/// <summary>What <see cref="ConfigBackupRunner.WriteIntoFolderAsync"/> stored: the YAML files and config-backup.json.</summary>
public sealed record ConfigBackupFiles
{
    /// <summary>Every stored file with size and SHA-256, config-backup.json last.</summary>
    public required IReadOnlyList<StoredFile> Files { get; init; }

    public required ConfigBackupHeader Header { get; init; }

    public required IReadOnlyDictionary<string, int> CountsByKind { get; init; }

    public int SecretCount { get; init; }

    public IReadOnlyList<string> KindsNotServed { get; init; } = [];
}
