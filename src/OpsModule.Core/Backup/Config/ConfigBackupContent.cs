using System.Text.Json.Nodes;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Config;

/// <summary>A config backup read back by <see cref="ConfigBackupReader"/>.</summary>
public sealed record ConfigBackupContent
{
    public required BackupManifest Manifest { get; init; }

    public required ConfigBackupHeader Header { get; init; }

    /// <summary>Objects per kind entry of the header, in file order (Secrets still redacted or encrypted).</summary>
    public required IReadOnlyList<(ConfigBackupKindEntry Kind, IReadOnlyList<JsonObject> Objects)> Kinds { get; init; }

    public IEnumerable<JsonObject> AllObjects => Kinds.SelectMany(k => k.Objects);
}
