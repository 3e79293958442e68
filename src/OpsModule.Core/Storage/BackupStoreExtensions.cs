namespace OpsModule.Core.Storage;

public static class BackupStoreExtensions
{
    /// <summary>The folders under <paramref name="prefix"/> that directly hold at least one file, each with those files.</summary>
    public static async Task<IReadOnlyList<BackupStoreFolder>> ListFoldersAsync(
        this IBackupStore store, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var folders = new Dictionary<string, List<BackupStoreFile>>(StringComparer.Ordinal);
        await foreach (var file in store.ListFilesAsync(prefix, cancellationToken))
        {
            if (!folders.TryGetValue(file.Folder, out var files))
            {
                folders[file.Folder] = files = [];
            }

            files.Add(file);
        }

        return folders
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new BackupStoreFolder(f.Key, f.Value.OrderBy(x => x.Name, StringComparer.Ordinal).ToArray()))
            .ToArray();
    }
}
