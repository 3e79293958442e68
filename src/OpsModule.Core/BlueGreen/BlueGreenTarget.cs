using OpsModule.Core.Kubernetes.Models;

namespace OpsModule.Core.BlueGreen;

/// <summary>
/// The resolved switch: which key of which Service goes from which value (and deployment) to which. <see cref="LastSwitch"/> is the
/// record found on the Service (put back if this switch rolls back); <see cref="Recorded"/> says the target came from it (-Rollback).
/// </summary>
internal sealed record BlueGreenTarget(
    Service Service,
    string SelectorKey,
    string From,
    string To,
    Deployment Active,
    Deployment Idle,
    int Replicas,
    SwitchRecord? LastSwitch = null,
    bool Recorded = false);
