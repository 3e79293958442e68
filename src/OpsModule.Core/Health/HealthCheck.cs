using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace OpsModule.Core.Health;

/// <summary>The families of checks Get-OpsHealth runs (its -Check parameter).</summary>
[JsonConverter(typeof(StringEnumConverter))] // ConvertTo-Json writes the name, not the number
public enum HealthCheck
{
    Pods,
    Workloads,
    Services,
    Ingresses,
    Autoscalers,
    Volumes,
    Events,
    Nodes,
    Http,
    Certificates,
    Resources,
    Database,
}
