using OpsModule.Core.Errors;

namespace OpsModule.Core.Restore;

internal static class RestoreErrors
{
    public static OpsException QueryFailed(string target, string database, string reason, Exception? inner = null) => new(
        DatabaseRestoreErrorIds.RestoreFailed, OpsErrorCategory.InvalidResult,
        $"A query on {target}/{database} failed: {Shorten(reason)}",
        "Check the user name and password (-Credential or the connection string), that the server is reachable, and that the user may create, rename and drop databases (CREATEDB), then retry.",
        $"{target}/{database}", inner);

    public static OpsException ToolFailed(string target, string database, string reason, Exception? inner = null) => IsOwnershipFailure(reason)
        ? new(
            DatabaseRestoreErrorIds.RestoreFailed, OpsErrorCategory.PermissionDenied,
            $"The restore into {target}/{database} failed: the dump gives its objects to roles the connecting user cannot act as: {Shorten(reason)} Nothing was changed.",
            "Restore with -NoOwner so the connecting user owns every restored object (add -NoPrivileges if the dump's GRANTs name roles missing here), or connect as the dump's owner or a superuser.",
            $"{target}/{database}", inner)
        : new(
            DatabaseRestoreErrorIds.RestoreFailed, OpsErrorCategory.InvalidResult,
            $"The restore into {target}/{database} failed: {Shorten(reason)} Nothing was changed.",
            "Fix what psql / pg_restore reports (client version at least the dump's, roles the dump refers to, permissions), then retry.",
            $"{target}/{database}", inner);

    /// <summary>psql / pg_restore stopped on an ownership statement (ALTER … OWNER TO, or a role the user is not a member of).</summary>
    private static bool IsOwnershipFailure(string reason) =>
        reason.Contains("OWNER TO", StringComparison.Ordinal)
        || reason.Contains("must be member of role", StringComparison.Ordinal)
        || reason.Contains("must be able to SET ROLE", StringComparison.Ordinal);

    public static OpsException Corrupt(string location, string reason, Exception? inner = null) => new(
        DatabaseRestoreErrorIds.ChecksumMismatch, OpsErrorCategory.InvalidData,
        $"The dump of backup {location} is damaged: {reason}. Nothing was changed.",
        "Restore from another backup (Get-OpsBackup lists them), and check the store for the cause.",
        location, inner);

    public static OpsException PodMissing(string @namespace, string pod, Exception? inner) => new(
        DatabaseRestoreErrorIds.NoDatabasePod, OpsErrorCategory.ObjectNotFound,
        $"The pod '{pod}' does not exist in namespace '{@namespace}', so nothing can be restored into it. Nothing was changed.",
        $"List the pods with: kubectl get pods -n {@namespace}; or leave out -PodName to pick one by -Selector.",
        pod, inner);

    public static string Shorten(string text) => text.Length > 1000 ? text[..1000] + " …" : text;
}
