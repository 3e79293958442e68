using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Config;

/// <summary>A finished config backup.</summary>
public sealed record ConfigBackupResult
{
    public required BackupManifest Manifest { get; init; }

    /// <summary>The backup folder inside the store.</summary>
    public required string FolderPath { get; init; }

    /// <summary>Objects saved per kind ("Deployment" → 3); kinds with none are listed with 0.</summary>
    public required IReadOnlyDictionary<string, int> CountsByKind { get; init; }

    public required SecretValueMode SecretValues { get; init; }

    /// <summary>Secrets saved (their values redacted or encrypted as <see cref="SecretValues"/> says).</summary>
    public int SecretCount { get; init; }

    /// <summary>Objects left out on purpose, as "Kind/name: reason".</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    /// <summary>Kinds the API server does not serve (e.g. a missing CRD), left out.</summary>
    public IReadOnlyList<string> KindsNotServed { get; init; } = [];

    public int ObjectCount => CountsByKind.Values.Sum();
}
