using System.Security.Cryptography;
using System.Text;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Backup.Config;

/// <summary>The opsenc:v1 value format shared by the encryptor and the decryptor (see README.md).</summary>
internal static class ConfigSecretCipher
{
    public const string Prefix = "opsenc:v1:";
    public const string Algorithm = "AES-256-GCM";
    public const string Kdf = "PBKDF2-HMAC-SHA256";
    public const int MinimumIterations = 600_000;
    public const int SaltSize = 16;
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    public const string KeyCheckContext = "opsmodule:key-check";
    public static readonly byte[] KeyCheckPlaintext = Encoding.ASCII.GetBytes("opsmodule config backup key check v1");

    public static byte[] DeriveKey(ReadOnlySpan<char> passphrase, ReadOnlySpan<byte> salt, int iterations)
    {
        if (passphrase.IsEmpty || passphrase.IsWhiteSpace())
        {
            throw new ArgumentException("An encryption passphrase is required and must not be empty.", nameof(passphrase));
        }

        var key = new byte[KeySize];
        Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, key, iterations, HashAlgorithmName.SHA256);
        return key;
    }

    /// <summary>Associated data binding a value to its place, so values cannot be swapped between keys or Secrets.</summary>
    public static string ValueContext(string? @namespace, string name, string field, string key) => $"{@namespace}/{name}/{field}/{key}";

    public static string Encrypt(byte[] key, ReadOnlySpan<byte> plaintext, string context)
    {
        var blob = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(NonceSize, plaintext.Length), blob.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(context));
        return Prefix + Convert.ToBase64String(blob);
    }

    /// <summary>Decrypts; false when the tag does not match (wrong key or changed bytes). Malformed values throw.</summary>
    public static bool TryDecrypt(byte[] key, string value, string context, out byte[] plaintext)
    {
        byte[] blob;
        try
        {
            blob = value.StartsWith(Prefix, StringComparison.Ordinal) ? Convert.FromBase64String(value[Prefix.Length..]) : throw new FormatException();
        }
        catch (FormatException)
        {
            throw Malformed(context);
        }

        if (blob.Length < NonceSize + TagSize)
        {
            throw Malformed(context);
        }

        plaintext = new byte[blob.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize, plaintext.Length), blob.AsSpan(NonceSize + plaintext.Length), plaintext, Encoding.UTF8.GetBytes(context));
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            plaintext = [];
            return false;
        }
    }

    private static OpsException Malformed(string context) => new(
        ConfigBackupErrorIds.InvalidEncryptedValue, OpsErrorCategory.InvalidData,
        $"The encrypted value for '{context}' is not in the opsenc:v1 format; the backup file was changed.",
        "Use an intact copy of the backup.", context);
}
