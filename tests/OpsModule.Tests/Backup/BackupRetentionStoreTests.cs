using System.Text;
using OpsModule.Core.Backup;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Backup;

/// <summary>BackupRetention.ApplyAsync on a real local store: what it deletes, what the confirmation hook saves.</summary>
public sealed class BackupRetentionStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<string> WriteBackupAsync(IBackupStore store, string database, DateTimeOffset startedAt, bool withManifest = true)
    {
        var id = BackupLayout.NewId();
        var folder = BackupLayout.FolderPath("prod", "ceoagent", database, startedAt, id);
        var content = Encoding.UTF8.GetBytes("dump of " + database);
        await using (var write = await store.OpenWriteAsync(StorePath.Join(folder, database + ".sql.gz")))
        {
            await write.WriteAsync(content);
            var stored = await write.CompleteAsync();
            if (withManifest)
            {
                var manifest = new BackupManifest
                {
                    Id = id,
                    Kind = BackupKind.Database,
                    Source = new BackupSource { Context = "prod", Namespace = "ceoagent", Pod = "postgres-0", Database = database },
                    Format = BackupFormat.Plain,
                    Files = [BackupFileEntry.From(stored)],
                    StartedAt = startedAt,
                    CompletedAt = startedAt.AddMinutes(1),
                };
                await store.WriteTextAsync(StorePath.Join(folder, BackupManifest.FileName), BackupManifestSerializer.Serialize(manifest));
            }
        }

        return id;
    }

    [Fact]
    public async Task Deletes_what_the_policy_selects_keeps_what_the_hook_declines_and_leaves_other_databases_alone()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var now = DateTimeOffset.UtcNow;
        var newest = await WriteBackupAsync(store, "users", now.AddDays(-1));
        var old = await WriteBackupAsync(store, "users", now.AddDays(-10));
        var declined = await WriteBackupAsync(store, "users", now.AddDays(-11));
        var otherDatabase = await WriteBackupAsync(store, "orders", now.AddDays(-30));

        var decisions = await BackupRetention.ApplyAsync(
            store, new BackupQuery { Context = "prod", Namespace = "ceoagent", Database = "users" }, new RetentionPolicy(retentionDays: 7),
            justCreatedId: null, shouldRemove: e => Task.FromResult(e.Id != declined), CancellationToken.None);

        Assert.Equal(
            [(newest, RetentionOutcome.Kept), (old, RetentionOutcome.Removed), (declined, RetentionOutcome.Declined)],
            decisions.Select(d => (d.Entry.Id, d.Outcome)));
        var left = (await new BackupCatalog(store).ListAsync(new BackupQuery { IncludeIncomplete = true })).Select(e => e.Id).Order().ToArray();
        Assert.Equal(new[] { newest, declined, otherDatabase }.Order(), left);
    }

    [Fact]
    public async Task An_empty_policy_touches_nothing()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        await WriteBackupAsync(store, "users", DateTimeOffset.UtcNow.AddDays(-100));
        await WriteBackupAsync(store, "users", DateTimeOffset.UtcNow.AddDays(-200), withManifest: false);

        var decisions = await BackupRetention.ApplyAsync(store, new BackupQuery(), new RetentionPolicy(), null, null, CancellationToken.None);

        Assert.Empty(decisions);
        Assert.Equal(2, (await new BackupCatalog(store).ListAsync(new BackupQuery { IncludeIncomplete = true })).Count);
    }

    [Fact]
    public async Task A_stale_incomplete_folder_is_removed_after_a_newer_complete_backup()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var clock = new FixedClock(DateTimeOffset.UtcNow.AddHours(3)); // the leftover's file was written "3 hours ago"
        var complete = await WriteBackupAsync(store, "users", DateTimeOffset.UtcNow.AddMinutes(-5));
        var leftover = await WriteBackupAsync(store, "users", DateTimeOffset.UtcNow.AddMinutes(-30), withManifest: false);

        var decisions = await BackupRetention.ApplyAsync(
            store, new BackupQuery { Database = "users" }, new RetentionPolicy(keepLast: 3), complete, null, CancellationToken.None, clock);

        Assert.Equal(RetentionOutcome.Removed, decisions.Single(d => d.Entry.Id == leftover).Outcome);
        Assert.Equal(complete, Assert.Single(await new BackupCatalog(store).ListAsync(new BackupQuery { IncludeIncomplete = true })).Id);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
