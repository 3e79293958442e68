using k8s;
using k8s.Models;

namespace OpsModule.Core.BlueGreen;

/// <summary>
/// The resolved switch: which key of which Service goes from which value (and deployment) to which. <see cref="LastSwitch"/> is the
/// record found on the Service (put back if this switch rolls back); <see cref="Recorded"/> says the target came from it (-Rollback).
/// </summary>
internal sealed record BlueGreenTarget(
    V1Service Service,
    string SelectorKey,
    string From,
    string To,
    V1Deployment Active,
    V1Deployment Idle,
    int Replicas,
    SwitchRecord? LastSwitch = null,
    bool Recorded = false);
