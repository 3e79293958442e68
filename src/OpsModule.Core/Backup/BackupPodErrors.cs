using OpsModule.Core.Errors;

namespace OpsModule.Core.Backup;

/// <summary>Invoke-OpsBackup's words for a database pod that cannot be dumped in.</summary>
internal static class BackupPodErrors
{
    public static OpsException For(DatabasePodProblem problem) => problem.Kind switch
    {
        DatabasePodProblemKind.NamedPodMissing => new OpsException(BackupServiceErrorIds.PodNotFound, OpsErrorCategory.ObjectNotFound,
            $"The pod '{problem.PodName}' does not exist in namespace '{problem.Namespace}'.",
            $"List the pods with: kubectl get pods -n {problem.Namespace}; or leave out -PodName to pick one by -Selector.", problem.PodName, problem.Inner),
        DatabasePodProblemKind.NamedPodNotRunning => new OpsException(BackupServiceErrorIds.PodNotRunning, OpsErrorCategory.ResourceUnavailable,
            $"The pod '{problem.PodName}' in namespace '{problem.Namespace}' is {problem.State}, so pg_dump cannot run in it.",
            $"Check it with: kubectl describe pod {problem.PodName} -n {problem.Namespace}", problem.PodName),
        _ => new OpsException(BackupServiceErrorIds.NoDatabasePod, OpsErrorCategory.ObjectNotFound,
            $"No database pod to back up from in namespace '{problem.Namespace}' with selector '{problem.Selector}': {problem.State}.",
            $"Check with: kubectl get pods -n {problem.Namespace} -l {problem.Selector}; give -Selector or -PodName to choose the database pod.",
            problem.Selector),
    };
}
