using System.Text.Json;
using System.Text.Json.Serialization;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Storage.Catalog;

/// <summary>Reads and writes <see cref="BackupManifest"/> as camelCase JSON.</summary>
public static class BackupManifestSerializer
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        IgnoreReadOnlyProperties = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static string Serialize(BackupManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return JsonSerializer.Serialize(manifest, Options);
    }

    /// <summary>
    /// Parses a manifest. Malformed JSON, missing required fields, a file entry without a valid SHA-256, or a format
    /// version newer than <see cref="BackupManifest.CurrentFormatVersion"/> throw an OpsException (Ops.Backup.ManifestInvalid).
    /// </summary>
    /// <param name="json">The manifest text.</param>
    /// <param name="where">Where it was read from, for the error message.</param>
    public static BackupManifest Deserialize(string json, string where)
    {
        ArgumentNullException.ThrowIfNull(json);
        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(json, Options);
        }
        catch (JsonException e)
        {
            throw Invalid(where, $"it is not valid manifest JSON ({e.Message})", e);
        }

        if (manifest is null)
        {
            throw Invalid(where, "it is empty");
        }

        if (manifest.FormatVersion > BackupManifest.CurrentFormatVersion)
        {
            throw new OpsException(StorageErrorIds.ManifestInvalid, OpsErrorCategory.InvalidData,
                $"The backup manifest '{where}' has format version {manifest.FormatVersion}; this OpsModule reads up to {BackupManifest.CurrentFormatVersion}.",
                "Update OpsModule to read this backup.", where);
        }

        if (manifest.FormatVersion < 1 || string.IsNullOrWhiteSpace(manifest.Id) || manifest.Source is null || manifest.Files is null || manifest.Tables is null)
        {
            throw Invalid(where, "formatVersion, id, source or files is missing");
        }

        foreach (var file in manifest.Files)
        {
            if (file is null || string.IsNullOrEmpty(file.Name) || file.Name.Contains('/', StringComparison.Ordinal) || file.Size < 0
                || file.Sha256 is not { Length: 64 } || !file.Sha256.All(char.IsAsciiHexDigitLower))
            {
                throw Invalid(where, $"the file entry '{file?.Name}' lacks a name, a size or a lowercase hex SHA-256");
            }
        }

        return manifest;
    }

    private static OpsException Invalid(string where, string reason, Exception? inner = null) => new(
        StorageErrorIds.ManifestInvalid, OpsErrorCategory.InvalidData,
        $"The backup manifest '{where}' cannot be used: {reason}.",
        "Treat this backup as incomplete: take a new backup, and remove this one with Remove-OpsBackup.", where, inner);
}
