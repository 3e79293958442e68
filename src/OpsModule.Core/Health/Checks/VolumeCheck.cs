using k8s.Models;
namespace OpsModule.Core.Health.Checks;

/// <summary>PersistentVolumeClaims: Pending or Lost.</summary>
internal sealed class VolumeCheck : SnapshotCheck
{
    public override HealthCheck Check => HealthCheck.Volumes;

    public override SnapshotParts Needs => SnapshotParts.Claims;

    public override IEnumerable<OpsHealthResult> Evaluate(NamespaceSnapshot snapshot, HealthCheckContext context)
    {
        foreach (var claim in snapshot.Claims)
        {
            var ns = claim.Namespace();
            switch (claim.Status.Phase)
            {
                case "Lost":
                    yield return HealthFinding.Problem(HealthStatus.Critical, HealthCheck.Volumes, HealthCodes.Volumes.PvcLost, ns, "PersistentVolumeClaim", claim.Name(),
                        $"The claim lost its volume '{claim.Spec.VolumeName}': its data is unreachable.",
                        $"Restore the PersistentVolume or the data from backup (kubectl describe pvc {claim.Name()} -n {ns}; kubectl get pv).", "Lost");
                    break;
                case "Pending" or null:
                    yield return HealthFinding.Problem(HealthStatus.Warning, HealthCheck.Volumes, HealthCodes.Volumes.PvcPending, ns, "PersistentVolumeClaim", claim.Name(),
                        $"The claim is not bound (storage class '{claim.Spec.StorageClassName ?? "(default)"}').",
                        $"Check the storage class and provisioner events: kubectl describe pvc {claim.Name()} -n {ns}; kubectl get storageclass.", "Pending");
                    break;
                default:
                    yield return HealthFinding.Healthy(HealthCheck.Volumes, HealthCodes.Volumes.PvcBound, ns, "PersistentVolumeClaim", claim.Name(),
                        $"Bound to {claim.Spec.VolumeName}.", claim.Status.Phase);
                    break;
            }
        }
    }
}
