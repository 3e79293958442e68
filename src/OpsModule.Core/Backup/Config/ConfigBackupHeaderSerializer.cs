using System.Text.Json;
using System.Text.Json.Serialization;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Backup.Config;

/// <summary>Reads and writes <see cref="ConfigBackupHeader"/> as camelCase JSON with enums as names.</summary>
public static class ConfigBackupHeaderSerializer
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    public static string Serialize(ConfigBackupHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return JsonSerializer.Serialize(header, Options);
    }

    public static ConfigBackupHeader Deserialize(string json, string where)
    {
        ArgumentNullException.ThrowIfNull(json);
        ConfigBackupHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<ConfigBackupHeader>(json, Options);
        }
        catch (JsonException e)
        {
            throw Invalid(where, $"it is not valid JSON ({e.Message})", e);
        }

        if (header is null || header.Kinds is null || string.IsNullOrEmpty(header.Namespace))
        {
            throw Invalid(where, "namespace or kinds is missing");
        }

        if (header.FormatVersion is < 1 or > ConfigBackupHeader.CurrentFormatVersion)
        {
            throw Invalid(where, $"format version {header.FormatVersion} is not one this OpsModule reads");
        }

        if (header.SecretValues == SecretValueMode.Encrypted && header.Encryption is null)
        {
            throw Invalid(where, "Secret values are marked encrypted but the encryption parameters are missing");
        }

        return header;
    }

    private static OpsException Invalid(string where, string reason, Exception? inner = null) => new(
        ConfigBackupErrorIds.HeaderInvalid, OpsErrorCategory.InvalidData,
        $"The config backup header '{where}' cannot be used: {reason}.", "Use an intact backup written by OpsModule.", where, inner);
}
