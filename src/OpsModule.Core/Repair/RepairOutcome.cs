using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace OpsModule.Core.Repair;

/// <summary>What became of one finding in Repair-OpsHealth.</summary>
[JsonConverter(typeof(StringEnumConverter))] // ConvertTo-Json writes the name, not the number
public enum RepairOutcome
{
    /// <summary>The action was taken (and, with -Wait, its replacement became Ready).</summary>
    Repaired,

    /// <summary>A repairable finding left alone on purpose: a guard rail, a disruption budget, a cooldown, or nothing left to do.</summary>
    Skipped,

    /// <summary>No restart fixes it (a Pending claim, a missing secret, an HPA at its maximum, node pressure): it needs a person.</summary>
    NotRepairable,

    /// <summary>The action was tried and failed, or its replacement did not become Ready in time.</summary>
    Failed,
}
