using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace OpsModule.Core.Backup.Config;

/// <summary>
/// Encrypts Secret values for one config backup. The key is derived once from the passphrase (PBKDF2-HMAC-SHA256, a fresh
/// random salt) and the passphrase is not kept. Dispose to wipe the key.
/// </summary>
public sealed class ConfigSecretEncryptor : IDisposable
{
    public const int MinimumIterations = ConfigSecretCipher.MinimumIterations;

    private readonly byte[] _key;
    private bool _disposed;

    private ConfigSecretEncryptor(byte[] key, ConfigSecretEncryptionInfo parameters)
    {
        _key = key;
        Parameters = parameters;
    }

    /// <summary>What a reader needs besides the passphrase: salt, iterations, key check.</summary>
    public ConfigSecretEncryptionInfo Parameters { get; }

    /// <param name="passphrase">The passphrase; copy a SecureString into a char buffer, call this, and wipe the buffer.</param>
    /// <param name="iterations">PBKDF2 iterations, at least <see cref="MinimumIterations"/>.</param>
    public static ConfigSecretEncryptor Create(ReadOnlySpan<char> passphrase, int iterations = MinimumIterations)
    {
        if (iterations < MinimumIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"Use at least {MinimumIterations:N0} PBKDF2 iterations.");
        }

        var salt = RandomNumberGenerator.GetBytes(ConfigSecretCipher.SaltSize);
        var key = ConfigSecretCipher.DeriveKey(passphrase, salt, iterations);
        var check = ConfigSecretCipher.Encrypt(key, ConfigSecretCipher.KeyCheckPlaintext, ConfigSecretCipher.KeyCheckContext);
        return new ConfigSecretEncryptor(key, new ConfigSecretEncryptionInfo(
            ConfigSecretCipher.Algorithm, ConfigSecretCipher.Kdf, iterations, Convert.ToBase64String(salt), check));
    }

    /// <summary>For the cmdlet's -EncryptionPassphrase: the SecureString is read into a pinned buffer and wiped at once.</summary>
    public static ConfigSecretEncryptor Create(System.Security.SecureString passphrase, int iterations = MinimumIterations) =>
        SecurePassphrase.Use(passphrase, p => Create(p, iterations));

    public static ConfigSecretEncryptor Create(char[] passphrase, int iterations = MinimumIterations)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        return Create(passphrase.AsSpan(), iterations);
    }

    /// <summary>Replaces every value of data and stringData of a (cleaned) Secret by its opsenc:v1 encryption, in place.</summary>
    public void EncryptSecret(JsonObject secret)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(secret);
        var ns = secret["metadata"]?["namespace"]?.GetValue<string>();
        var name = secret["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;
        foreach (var field in new[] { "data", "stringData" })
        {
            if (secret[field] is not JsonObject values)
            {
                continue;
            }

            foreach (var key in values.Select(v => v.Key).ToArray())
            {
                var text = values[key]?.GetValue<string>() ?? string.Empty;
                var plaintext = field == "data" ? DecodeBase64(text) : System.Text.Encoding.UTF8.GetBytes(text);
                try
                {
                    values[key] = ConfigSecretCipher.Encrypt(_key, plaintext, ConfigSecretCipher.ValueContext(ns, name, field, key));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(plaintext);
                }
            }
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_key);
            _disposed = true;
        }
    }

    private static byte[] DecodeBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            // The API server only returns valid base64; keep anything else byte for byte.
            return System.Text.Encoding.UTF8.GetBytes(text);
        }
    }
}
