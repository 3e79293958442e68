using OpsModule.Core.Kubernetes.Models;

namespace OpsModule.Core.BlueGreen;

/// <summary>The resolved switch: which key of which Service goes from which value (and deployment) to which.</summary>
internal sealed record BlueGreenTarget(
    Service Service,
    string SelectorKey,
    string From,
    string To,
    Deployment Active,
    Deployment Idle,
    int Replicas);
