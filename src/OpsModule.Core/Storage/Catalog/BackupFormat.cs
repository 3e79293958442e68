using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace OpsModule.Core.Storage.Catalog;

/// <summary>The pg_dump output format of a database backup.</summary>
[JsonConverter(typeof(StringEnumConverter))] // ConvertTo-Json writes the name, not the number
public enum BackupFormat
{
    /// <summary>SQL script (pg_dump -Fp), gzip-compressed as in the runbooks; restored with psql.</summary>
    Plain,

    /// <summary>pg_dump -Fc archive; restored with pg_restore.</summary>
    Custom,
}
