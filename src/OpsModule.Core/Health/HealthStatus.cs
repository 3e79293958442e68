using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace OpsModule.Core.Health;

/// <summary>The verdict of one finding, ordered by severity so the worst of a set is its maximum.</summary>
[JsonConverter(typeof(StringEnumConverter))] // ConvertTo-Json writes the name, not the number
public enum HealthStatus
{
    Healthy = 0,
    Unknown = 1,
    Warning = 2,
    Critical = 3,
}
