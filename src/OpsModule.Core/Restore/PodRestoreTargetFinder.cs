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
        try
        {
            var (pod, note) = await DatabasePodFinder.FindAsync(api, @namespace, podName, selector, cancellationToken).ConfigureAwait(false);
            return (new PodRestoreTarget(@namespace, pod), note);
        }
        catch (OpsException e) when (e.ErrorId == BackupServiceErrorIds.NoDatabasePod)
        {
            var marker = $"'{selector}': ";
            var at = e.Message.IndexOf(marker, StringComparison.Ordinal);
            var seen = at < 0 ? string.Empty : ": " + e.Message[(at + marker.Length)..].TrimEnd('.');
            throw new OpsException(DatabaseRestoreErrorIds.NoDatabasePod, OpsErrorCategory.ObjectNotFound,
                $"No database pod to restore into in namespace '{@namespace}' with selector '{selector}'{seen}. Nothing was changed.",
                $"Check with: kubectl get pods -n {@namespace} -l {selector} --show-labels; give -Selector or -PodName to choose the database pod, or -Namespace for another namespace.",
                selector, e);
        }
        catch (OpsException e) when (e.ErrorId is BackupServiceErrorIds.PodNotFound or BackupServiceErrorIds.PodNotRunning)
        {
            var state = e.ErrorId == BackupServiceErrorIds.PodNotFound ? "does not exist" : "is not running";
            throw new OpsException(DatabaseRestoreErrorIds.NoDatabasePod, e.Category,
                $"The pod '{podName}' {state} in namespace '{@namespace}', so nothing can be restored into it. Nothing was changed.",
                $"List the pods with: kubectl get pods -n {@namespace}; or leave out -PodName to pick one by -Selector.",
                podName, e);
        }
    }
}
