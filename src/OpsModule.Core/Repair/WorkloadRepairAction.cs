using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace OpsModule.Core.Repair;

/// <summary>What Repair-OpsHealth does about an unavailable workload or a stuck rollout (-Action).</summary>
[JsonConverter(typeof(StringEnumConverter))] // ConvertTo-Json writes the name, not the number
public enum WorkloadRepairAction
{
    /// <summary>Rolling restart, as kubectl rollout restart does.</summary>
    Restart,

    /// <summary>One more replica.</summary>
    ScaleUp,

    /// <summary>Report only.</summary>
    None,
}
