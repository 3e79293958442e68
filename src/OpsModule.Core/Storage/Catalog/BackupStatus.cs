using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace OpsModule.Core.Storage.Catalog;

[JsonConverter(typeof(StringEnumConverter))] // ConvertTo-Json writes the name, not the number
public enum BackupStatus
{
    /// <summary>The manifest is present and valid, and every file it names is stored at its recorded size.</summary>
    Complete,

    /// <summary>No (valid) manifest, or files missing: a failed or running backup; never restorable, only for cleanup.</summary>
    Incomplete,
}
