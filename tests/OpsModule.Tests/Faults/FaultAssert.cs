using OpsModule.Core.Backup;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Core.Storage.Folder;

namespace OpsModule.Tests.Faults;

/// <summary>What a user would notice after a fault: the ErrorRecord the cmdlet writes, and what Get-OpsBackup then lists.</summary>
internal static class FaultAssert
{
    /// <summary>
    /// Classifies <paramref name="error"/> as the cmdlets do and checks id, category and that the recommended action says
    /// what to do (contains every one of <paramref name="actionMentions"/>). Returns the classification for further checks.
    /// </summary>
    public static OpsErrorInfo Classified(Exception error, string errorId, OpsErrorCategory category, params string[] actionMentions)
    {
        var info = OpsErrorClassifier.Classify(error);
        Assert.True(
            info.ErrorId == errorId && info.Category == category,
            $"Expected {errorId} ({category}), got {info.ErrorId} ({info.Category}): {info.Message} | {info.RecommendedAction}");
        Assert.False(string.IsNullOrWhiteSpace(info.Message), "the error has no message");
        Assert.False(string.IsNullOrWhiteSpace(info.RecommendedAction), $"{errorId} says nothing about what to do: {info.Message}");
        foreach (var mention in actionMentions)
        {
            Assert.True(
                info.RecommendedAction!.Contains(mention, StringComparison.OrdinalIgnoreCase),
                $"The recommended action of {errorId} does not mention '{mention}': {info.RecommendedAction}");
        }

        return info;
    }

    /// <summary>Like Assert.Contains for text, showing the whole text on failure (error messages are long).</summary>
    public static void Mentions(string expected, string? text)
    {
        Assert.True(text?.Contains(expected, StringComparison.Ordinal) == true, $"'{expected}' is not in: {text}");
    }

    /// <summary>Get-OpsBackup lists exactly <paramref name="expectedIds"/> as complete, and -IncludeIncomplete adds nothing but incomplete folders.</summary>
    public static async Task ListsOnlyAsync(IBackupStore store, params string[] expectedIds)
    {
        var complete = await BackupListing.ListAsync(store, new BackupQuery(), CancellationToken.None);
        Assert.Equal(expectedIds.Order(StringComparer.Ordinal), complete.Select(b => b.Id).Order(StringComparer.Ordinal));
        Assert.All(complete, b => Assert.Equal(BackupStatus.Complete, b.Status));
        var all = await BackupListing.ListAsync(store, new BackupQuery { IncludeIncomplete = true }, CancellationToken.None);
        Assert.All(all.Where(b => !expectedIds.Contains(b.Id)), b => Assert.Equal(BackupStatus.Incomplete, b.Status));
    }

    /// <summary>Nothing at all is stored under the store's root: no backup, no incomplete folder, no stray object or .partial file.</summary>
    public static async Task StoresNothingAsync(IBackupStore store, string prefix = "")
    {
        if (store is LocalBackupStore { RootPath: var root } && !Directory.Exists(root))
        {
            return; // the store folder was never even created
        }

        Assert.Empty(await BackupListing.ListAsync(store, new BackupQuery { IncludeIncomplete = true }, CancellationToken.None));
        Assert.Empty(await FilesAsync(store, prefix));
    }

    public static async Task<List<string>> FilesAsync(IBackupStore store, string prefix = "")
    {
        var files = new List<string>();
        await foreach (var file in store.ListFilesAsync(prefix))
        {
            files.Add(file.Path);
        }

        return files;
    }
}
