using OpsModule.Core.Errors;

namespace OpsModule.Core.Restore;

internal static class RestoreErrors
{
    public static OpsException QueryFailed(string target, string database, string reason, Exception? inner = null) => new(
        DatabaseRestoreErrorIds.RestoreFailed, OpsErrorCategory.InvalidResult,
        $"psql on {target}/{database} failed: {Shorten(reason)}",
        "Check that the server is reachable and the user may create, rename and drop databases, then retry.",
        $"{target}/{database}", inner);

    public static OpsException ToolFailed(string target, string database, string reason, Exception? inner = null) => new(
        DatabaseRestoreErrorIds.RestoreFailed, OpsErrorCategory.InvalidResult,
        $"The restore into {target}/{database} failed: {Shorten(reason)} Nothing was changed.",
        "Fix what psql / pg_restore reports (client version at least the dump's, roles the dump refers to, permissions), then retry.",
        $"{target}/{database}", inner);

    public static OpsException Corrupt(string location, string reason, Exception? inner = null) => new(
        DatabaseRestoreErrorIds.ChecksumMismatch, OpsErrorCategory.InvalidData,
        $"The dump of backup {location} is damaged: {reason}. Nothing was changed.",
        "Restore from another backup (Get-OpsBackup lists them), and check the store for the cause.",
        location, inner);

    public static string Shorten(string text) => text.Length > 1000 ? text[..1000] + " …" : text;
}
