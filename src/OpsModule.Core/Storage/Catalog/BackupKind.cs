using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace OpsModule.Core.Storage.Catalog;

/// <summary>What a backup holds.</summary>
[JsonConverter(typeof(StringEnumConverter))] // ConvertTo-Json writes the name, not the number
public enum BackupKind
{
    /// <summary>A pg_dump of one database.</summary>
    Database,

    /// <summary>Kubernetes objects of a namespace as YAML.</summary>
    Config,

    /// <summary>A database dump and the namespace's configuration in one folder.</summary>
    Full,
}
