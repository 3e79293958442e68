using OpsModule.Core.Backup;
using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.Restore;

/// <summary>
/// The database pod to restore into: the named one (it must exist and run), or the first Running and Ready pod (by name)
/// the label selector matches (default <c>app=postgres</c>, as Invoke-OpsBackup). Same choice as the backup's
/// (<see cref="DatabasePodFinder"/>), with errors that speak of the restore.
/// </summary>
public static class PodRestoreTargetFinder
{
    /// <summary>The selector used when neither a pod nor a selector is given.</summary>
    public const string DefaultSelector = BackupServiceRequest.DefaultSelector;

    /// <returns>The target (set Container and User with <c>with</c>) and a note when several pods matched (null otherwise).</returns>
    /// <exception cref="OpsException"><see cref="DatabaseRestoreErrorIds.NoDatabasePod"/>: nothing to restore into.</exception>
    public static async Task<(PodRestoreTarget Target, string? Note)> FindAsync(
        IKubernetesApi api, string @namespace, string? podName, string? selector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        selector = string.IsNullOrWhiteSpace(selector) ? DefaultSelector : selector;
        var (pod, note) = await DatabasePodFinder.FindAsync(api, @namespace, podName, selector, NoPodError, cancellationToken);
        return (new PodRestoreTarget(@namespace, pod), note);
    }

    private static OpsException NoPodError(DatabasePodProblem problem) => problem.Kind switch
    {
        DatabasePodProblemKind.NoReadyPod => new OpsException(DatabaseRestoreErrorIds.NoDatabasePod, OpsErrorCategory.ObjectNotFound,
            $"No database pod to restore into in namespace '{problem.Namespace}' with selector '{problem.Selector}': {problem.State}. Nothing was changed.",
            $"Check with: kubectl get pods -n {problem.Namespace} -l {problem.Selector} --show-labels; give -Selector or -PodName to choose the database pod, or -Namespace for another namespace.",
            problem.Selector),
        DatabasePodProblemKind.NamedPodMissing => RestoreErrors.PodMissing(problem.Namespace, problem.PodName!, problem.Inner),
        _ => new OpsException(DatabaseRestoreErrorIds.NoDatabasePod, OpsErrorCategory.ResourceUnavailable,
            $"The pod '{problem.PodName}' is not running in namespace '{problem.Namespace}', so nothing can be restored into it. Nothing was changed.",
            $"List the pods with: kubectl get pods -n {problem.Namespace}; or leave out -PodName to pick one by -Selector.",
            problem.PodName),
    };
}
