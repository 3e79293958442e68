using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Backup.Config;

/// <summary>
/// Decrypts the Secrets of a config backup taken with a passphrase. <see cref="Create(ReadOnlySpan{char}, ConfigSecretEncryptionInfo)"/>
/// fails with <see cref="ConfigBackupErrorIds.WrongPassphrase"/> when the passphrase is not the one used; a value changed after
/// the backup fails with <see cref="ConfigBackupErrorIds.SecretTampered"/>. Dispose to wipe the key.
/// </summary>
public sealed class ConfigSecretDecryptor : IDisposable
{
    private const int MaximumIterations = 100_000_000;

    private readonly byte[] _key;
    private bool _disposed;

    private ConfigSecretDecryptor(byte[] key)
    {
        _key = key;
    }

    public static ConfigSecretDecryptor Create(ReadOnlySpan<char> passphrase, ConfigSecretEncryptionInfo parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        byte[] salt;
        try
        {
            salt = Convert.FromBase64String(parameters.Salt ?? string.Empty);
        }
        catch (FormatException)
        {
            salt = [];
        }

        if (parameters.Algorithm != ConfigSecretCipher.Algorithm || parameters.Kdf != ConfigSecretCipher.Kdf
            || parameters.Iterations is < 1 or > MaximumIterations || salt.Length < ConfigSecretCipher.SaltSize)
        {
            throw new OpsException(ConfigBackupErrorIds.HeaderInvalid, OpsErrorCategory.InvalidData,
                $"The backup's encryption parameters are not supported (algorithm '{parameters.Algorithm}', KDF '{parameters.Kdf}', {parameters.Iterations} iterations).",
                "Use an intact backup written by OpsModule.");
        }

        var key = ConfigSecretCipher.DeriveKey(passphrase, salt, parameters.Iterations);
        if (!ConfigSecretCipher.TryDecrypt(key, parameters.KeyCheck ?? string.Empty, ConfigSecretCipher.KeyCheckContext, out var check)
            || !check.AsSpan().SequenceEqual(ConfigSecretCipher.KeyCheckPlaintext))
        {
            CryptographicOperations.ZeroMemory(key);
            throw new OpsException(ConfigBackupErrorIds.WrongPassphrase, OpsErrorCategory.AuthenticationError,
                "The passphrase does not open this backup's Secret values.",
                "Give the -EncryptionPassphrase that was used when the backup was taken.");
        }

        return new ConfigSecretDecryptor(key);
    }

    public static ConfigSecretDecryptor Create(System.Security.SecureString passphrase, ConfigSecretEncryptionInfo parameters) =>
        SecurePassphrase.Use(passphrase, p => Create(p, parameters));

    public static ConfigSecretDecryptor Create(char[] passphrase, ConfigSecretEncryptionInfo parameters)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        return Create(passphrase.AsSpan(), parameters);
    }

    /// <summary>
    /// A copy of an encrypted Secret from the backup with its real values (data base64 again, stringData as text) and
    /// without the <see cref="ConfigObjectCleaner.SecretValuesAnnotation"/> annotation: ready to apply.
    /// </summary>
    public JsonObject DecryptSecret(JsonObject secret)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(secret);
        var copy = (JsonObject)secret.DeepClone();
        var ns = copy["metadata"]?["namespace"]?.GetValue<string>();
        var name = copy["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;
        foreach (var field in new[] { "data", "stringData" })
        {
            if (copy[field] is not JsonObject values)
            {
                continue;
            }

            foreach (var key in values.Select(v => v.Key).ToArray())
            {
                var context = ConfigSecretCipher.ValueContext(ns, name, field, key);
                if (!ConfigSecretCipher.TryDecrypt(_key, values[key]?.GetValue<string>() ?? string.Empty, context, out var plaintext))
                {
                    throw new OpsException(ConfigBackupErrorIds.SecretTampered, OpsErrorCategory.InvalidData,
                        $"The encrypted value of Secret '{ns}/{name}' key '{key}' was changed after the backup was taken (authentication failed).",
                        "Do not restore this Secret from this copy; use an intact copy of the backup.", context);
                }

                values[key] = field == "data" ? Convert.ToBase64String(plaintext) : Encoding.UTF8.GetString(plaintext);
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }

        if (copy["metadata"]?["annotations"] is JsonObject annotations)
        {
            annotations.Remove(ConfigObjectCleaner.SecretValuesAnnotation);
            if (annotations.Count == 0)
            {
                ((JsonObject)copy["metadata"]!).Remove("annotations");
            }
        }

        return copy;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_key);
            _disposed = true;
        }
    }
}
