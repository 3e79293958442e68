namespace OpsModule.Core.Backup.Config;

/// <summary>
/// <c>config-backup.json</c>: what a config backup holds and how its Secret values are kept. Written before manifest.json
/// and listed in it like the YAML files.
/// </summary>
public sealed record ConfigBackupHeader
{
    public const string FileName = "config-backup.json";

    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public string? Context { get; init; }

    public required string Namespace { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public required SecretValueMode SecretValues { get; init; }

    /// <summary>Set when <see cref="SecretValues"/> is Encrypted.</summary>
    public ConfigSecretEncryptionInfo? Encryption { get; init; }

    public IReadOnlyList<ConfigBackupKindEntry> Kinds { get; init; } = [];

    /// <summary>Objects left out on purpose, as "Kind/name: reason".</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];
}
