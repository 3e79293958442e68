namespace OpsModule.Core.Health;

/// <summary>The families of checks Get-OpsHealth runs (its -Check parameter).</summary>
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
