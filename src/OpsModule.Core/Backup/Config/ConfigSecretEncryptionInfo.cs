namespace OpsModule.Core.Backup.Config;

/// <summary>
/// The parameters a reader needs to derive the key again, stored in <c>config-backup.json</c> (never the key or passphrase).
/// </summary>
/// <param name="Algorithm">Always "AES-256-GCM".</param>
/// <param name="Kdf">Always "PBKDF2-HMAC-SHA256".</param>
/// <param name="Iterations">PBKDF2 iterations (at least 600,000).</param>
/// <param name="Salt">The random 16-byte salt of this backup, base64.</param>
/// <param name="KeyCheck">A fixed text encrypted with the key: tells a wrong passphrase apart from a tampered value.</param>
public sealed record ConfigSecretEncryptionInfo(string Algorithm, string Kdf, int Iterations, string Salt, string KeyCheck);
