using System.Security.Cryptography;
using System.Text;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Config;

/// <summary>
/// Reads a config backup (or the config part of a Full backup) from a store, checking every file against the size and
/// SHA-256 in manifest.json before its content is used.
/// </summary>
public static class ConfigBackupReader
{
    public static async Task<ConfigBackupContent> ReadAsync(IBackupStore store, string folderPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(folderPath);
        var manifestPath = StorePath.Join(folderPath, BackupManifest.FileName);
        var manifestText = await store.ReadTextAsync(manifestPath, cancellationToken)
            ?? throw new OpsException(StorageErrorIds.ManifestInvalid, OpsErrorCategory.ObjectNotFound,
                $"'{folderPath}' has no manifest.json, so it is not a complete backup.", "Pick a complete backup (Get-OpsBackup).", folderPath);
        var manifest = BackupManifestSerializer.Deserialize(manifestText, manifestPath);
        var header = ConfigBackupHeaderSerializer.Deserialize(
            await ReadVerifiedAsync(store, folderPath, manifest, ConfigBackupHeader.FileName, cancellationToken),
            StorePath.Join(folderPath, ConfigBackupHeader.FileName));

        var kinds = new List<(ConfigBackupKindEntry, IReadOnlyList<System.Text.Json.Nodes.JsonObject>)>();
        foreach (var kind in header.Kinds)
        {
            if (kind.File is null)
            {
                kinds.Add((kind, []));
                continue;
            }

            var yaml = await ReadVerifiedAsync(store, folderPath, manifest, kind.File, cancellationToken);
            kinds.Add((kind, ConfigYamlReader.Read(yaml, StorePath.Join(folderPath, kind.File))));
        }

        return new ConfigBackupContent { Manifest = manifest, Header = header, Kinds = kinds };
    }

    private static async Task<string> ReadVerifiedAsync(IBackupStore store, string folder, BackupManifest manifest, string name, CancellationToken cancellationToken)
    {
        var path = StorePath.Join(folder, name);
        var entry = manifest.FindFile(name) ?? throw new OpsException(ConfigBackupErrorIds.ChecksumMismatch, OpsErrorCategory.InvalidData,
            $"'{path}' is not listed in manifest.json.", "Use an intact backup.", path);
        var stream = await store.OpenReadAsync(path, cancellationToken);
        byte[] bytes;
        await using (stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }

        var sha = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
        if (bytes.Length != entry.Size || sha != entry.Sha256)
        {
            throw new OpsException(ConfigBackupErrorIds.ChecksumMismatch, OpsErrorCategory.InvalidData,
                $"'{path}' does not match manifest.json (size {bytes.Length} vs {entry.Size}, or SHA-256 differs): it was changed or truncated.",
                "Use an intact copy of the backup.", path);
        }

        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
    }
}
