using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace OpsModule.Core.BlueGreen;

[JsonConverter(typeof(StringEnumConverter))] // ConvertTo-Json writes the name, not the number
public enum BlueGreenStepStatus
{
    /// <summary>Listed by a plan (-WhatIf); nothing was done.</summary>
    Planned,

    Running,
    Succeeded,
    Failed,
    Skipped,
    Cancelled,
}
