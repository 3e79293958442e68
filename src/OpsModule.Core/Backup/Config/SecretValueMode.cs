namespace OpsModule.Core.Backup.Config;

/// <summary>How Secret values are kept in a config backup.</summary>
public enum SecretValueMode
{
    /// <summary>Keys kept, every value replaced by <see cref="ConfigObjectCleaner.RedactedMarker"/>.</summary>
    Redacted,

    /// <summary>Every value encrypted with AES-256-GCM (see README.md in this folder).</summary>
    Encrypted,
}
