using System.Globalization;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Completion;

/// <summary>
/// Lists the contexts, namespaces or databases that a store holds complete backups of (folders with a manifest), from one listing
/// of the store and without reading any manifest. Names are the layout's folder names, which are the names themselves unless these
/// contain characters unsafe in paths; Get-OpsBackup's filters accept both. Config backups name no database.
/// </summary>
public static class StoreNameLister
{
    /// <param name="context">Only backups of this context (exact; -Context already typed), or null.</param>
    /// <param name="namespace">Only backups of this namespace (exact), or null.</param>
    public static async Task<IEnumerable<CompletionName>> ListAsync(
        IBackupStore store, StoreNameKind kind, string? context, string? @namespace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var contextSegment = context is null ? null : BackupLayout.Segment(context, BackupLayout.NoContextSegment);
        var namespaceSegment = @namespace is null ? null : BackupLayout.Segment(@namespace, BackupLayout.NoNamespaceSegment);
        var prefix = contextSegment is null ? string.Empty : namespaceSegment is null ? contextSegment : StorePath.Join(contextSegment, namespaceSegment);
        var folders = await store.ListFoldersAsync(prefix, cancellationToken);
        var backups = folders
            .Where(f => f.Find(BackupManifest.FileName) is not null)
            .Select(f => BackupLayout.TryParseFolder(f.Path, out var parsed) ? parsed : null)
            .OfType<BackupFolderPath>()
            .Where(b => (contextSegment is null || b.Context == contextSegment) && (namespaceSegment is null || b.Namespace == namespaceSegment));

        return kind switch
        {
            StoreNameKind.Context => Names(backups, b => b.Context, BackupLayout.NoContextSegment, "Context"),
            StoreNameKind.Namespace => Names(backups, b => b.Namespace, BackupLayout.NoNamespaceSegment, "Namespace"),
            StoreNameKind.Database => Names(backups, b => b.Database, BackupLayout.ConfigSegment, "Database"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <param name="placeholder">The layout's folder name for "none" at this level, which is not a name to offer.</param>
    private static CompletionName[] Names(IEnumerable<BackupFolderPath> backups, Func<BackupFolderPath, string> name, string placeholder, string label) =>
        backups
            .GroupBy(name, StringComparer.Ordinal)
            .Where(g => g.Key != placeholder)
            .Select(g => new CompletionName(g.Key, ToolTip(label, g.Key, g.ToList())))
            .ToArray();

    private static string ToolTip(string label, string name, IReadOnlyList<BackupFolderPath> backups)
    {
        var newest = backups.Max(b => b.Timestamp).ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
        var where = label == "Database"
            ? " of " + string.Join(", ", backups.Select(b => b.Namespace == BackupLayout.NoNamespaceSegment ? "a server" : "namespace " + b.Namespace).Distinct().Order(StringComparer.Ordinal))
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{label} {name}: {backups.Count} backup{(backups.Count == 1 ? "" : "s")}{where}, newest {newest}");
    }
}
