using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace OpsModule.Core.BlueGreen;

/// <summary>How a blue-green switch ended.</summary>
[JsonConverter(typeof(StringEnumConverter))] // ConvertTo-Json writes the name, not the number
public enum BlueGreenStatus
{
    /// <summary>Traffic goes to the new colour and it passed every gate.</summary>
    Switched,

    /// <summary>The selector was patched, a later step failed, and the selector was set back to the old colour.</summary>
    RolledBack,

    /// <summary>A step before the selector patch failed; the Service was never touched.</summary>
    Failed,
}
