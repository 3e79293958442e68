using System.Globalization;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup;

/// <summary>
/// Removes old backups by a <see cref="RetentionPolicy"/>, per group (the context/namespace/database folder of the layout).
/// Never removes the backup just made nor the newest complete backup of a group. Incomplete folders (failed leftovers) are
/// removed when older than the retention days, or when a newer complete backup exists; never while younger than
/// <see cref="RetentionPolicy.IncompleteGrace"/> (a backup may still be writing into them).
/// </summary>
public static class BackupRetention
{
    /// <summary>Lists <paramref name="scope"/> (with incomplete folders), selects by <paramref name="policy"/> and deletes.</summary>
    /// <param name="store">The store.</param>
    /// <param name="scope">Which backups the policy applies to (Since/Before/Latest are ignored: retention needs every folder).</param>
    /// <param name="policy">The rules.</param>
    /// <param name="justCreatedId">The backup made by this run: never removed. Null when none.</param>
    /// <param name="shouldRemove">Asked before each deletion (ShouldProcess); false keeps the folder as Declined. Null removes.</param>
    /// <param name="cancellationToken">Stops between deletions.</param>
    /// <param name="clock">"Now" for the age rules; the system clock by default.</param>
    /// <returns>One decision per folder in scope, newest first.</returns>
    public static async Task<IReadOnlyList<RetentionDecision>> ApplyAsync(
        IBackupStore store,
        BackupQuery scope,
        RetentionPolicy policy,
        string? justCreatedId,
        Func<BackupCatalogEntry, Task<bool>>? shouldRemove,
        CancellationToken cancellationToken,
        TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.IsEmpty)
        {
            return [];
        }

        var query = scope with { Since = null, Before = null, Latest = false, IncludeIncomplete = true };
        var entries = await new BackupCatalog(store).ListAsync(query, cancellationToken);
        var selected = Select(entries, policy, justCreatedId, (clock ?? TimeProvider.System).GetUtcNow());
        var result = new List<RetentionDecision>(selected.Count);
        foreach (var decision in selected)
        {
            if (decision.Outcome != RetentionOutcome.Removed)
            {
                result.Add(decision);
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (shouldRemove is not null && !await shouldRemove(decision.Entry))
            {
                result.Add(decision with { Outcome = RetentionOutcome.Declined });
                continue;
            }

            try
            {
                await store.DeleteFolderAsync(decision.Entry.FolderPath, cancellationToken);
                result.Add(decision);
            }
            catch (Exception e) when (e is OpsException or IOException or UnauthorizedAccessException)
            {
                result.Add(decision with { Outcome = RetentionOutcome.Failed, Error = e });
            }
        }

        return result;
    }

    /// <summary>
    /// The pure selection: what <paramref name="policy"/> keeps and removes of <paramref name="entries"/> at <paramref name="now"/>.
    /// Decisions come newest first; <see cref="RetentionOutcome.Removed"/> here means "to remove".
    /// </summary>
    public static IReadOnlyList<RetentionDecision> Select(
        IReadOnlyList<BackupCatalogEntry> entries, RetentionPolicy policy, string? justCreatedId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(policy);
        var cutoff = policy.RetentionDays is { } days ? now.AddDays(-days) : (DateTimeOffset?)null;
        var decisions = new List<RetentionDecision>(entries.Count);
        foreach (var group in entries.GroupBy(e => StorePath.Parent(e.FolderPath), StringComparer.Ordinal))
        {
            var newestFirst = group.OrderByDescending(e => e.StartedAt).ThenByDescending(e => e.Id, StringComparer.Ordinal).ToArray();
            var complete = newestFirst.Where(e => e.Status == BackupStatus.Complete).ToArray();
            var newestComplete = complete.FirstOrDefault();
            for (var i = 0; i < complete.Length; i++)
            {
                decisions.Add(DecideComplete(complete[i], i, newestComplete!, policy, cutoff, justCreatedId));
            }

            foreach (var incomplete in newestFirst.Where(e => e.Status != BackupStatus.Complete))
            {
                decisions.Add(DecideIncomplete(incomplete, newestComplete, policy, cutoff, justCreatedId, now));
            }
        }

        return decisions.OrderByDescending(d => d.Entry.StartedAt).ThenByDescending(d => d.Entry.Id, StringComparer.Ordinal).ToArray();
    }

    private static RetentionDecision DecideComplete(
        BackupCatalogEntry entry, int index, BackupCatalogEntry newest, RetentionPolicy policy, DateTimeOffset? cutoff, string? justCreatedId)
    {
        if (IsJustCreated(entry, justCreatedId))
        {
            return new(entry, RetentionOutcome.Kept, "the backup just made");
        }

        if (ReferenceEquals(entry, newest))
        {
            return new(entry, RetentionOutcome.Kept, "the newest complete backup");
        }

        if (cutoff is { } before && entry.StartedAt < before)
        {
            return new(entry, RetentionOutcome.Removed, $"older than {policy.RetentionDays} days");
        }

        if (policy.KeepLast is { } keep && index >= keep)
        {
            return new(entry, RetentionOutcome.Removed, string.Create(CultureInfo.InvariantCulture, $"not among the newest {keep}"));
        }

        return new(entry, RetentionOutcome.Kept, "within the retention");
    }

    private static RetentionDecision DecideIncomplete(
        BackupCatalogEntry entry, BackupCatalogEntry? newestComplete, RetentionPolicy policy, DateTimeOffset? cutoff, string? justCreatedId, DateTimeOffset now)
    {
        if (IsJustCreated(entry, justCreatedId))
        {
            return new(entry, RetentionOutcome.Kept, "the backup just made");
        }

        var lastActivity = entry.Files.Select(f => f.LastModified).Append(entry.StartedAt).Max();
        if (now - lastActivity < policy.IncompleteGrace)
        {
            return new(entry, RetentionOutcome.Kept, "incomplete but recent: a backup may still be running");
        }

        if (cutoff is { } before && entry.StartedAt < before)
        {
            return new(entry, RetentionOutcome.Removed, $"incomplete leftover older than {policy.RetentionDays} days");
        }

        if (newestComplete is not null && entry.StartedAt < newestComplete.StartedAt)
        {
            return new(entry, RetentionOutcome.Removed, "incomplete leftover of a failed backup (a newer complete backup exists)");
        }

        return new(entry, RetentionOutcome.Kept, "incomplete, but no newer complete backup yet");
    }

    private static bool IsJustCreated(BackupCatalogEntry entry, string? justCreatedId) =>
        justCreatedId is not null && string.Equals(entry.Id, justCreatedId, StringComparison.Ordinal);
}
