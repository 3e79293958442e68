using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace OpsModule.Core.Repair;

/// <summary>What Repair-OpsHealth does (or would do) about a finding.</summary>
[JsonConverter(typeof(StringEnumConverter))] // ConvertTo-Json writes the name, not the number
public enum RepairAction
{
    /// <summary>Nothing: the finding passes through.</summary>
    None,

    /// <summary>Evicts the pod through the Eviction API (PodDisruptionBudgets honoured); its controller replaces it.</summary>
    Evict,

    /// <summary>Rolling restart of the workload, as kubectl rollout restart does (the restartedAt template annotation).</summary>
    Restart,

    /// <summary>One more replica for the workload.</summary>
    ScaleUp,
}
