using OpsModule.Core.Backup;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Tests.Backup;

/// <summary>Which folders retention removes, at a fixed "now".</summary>
public sealed class RetentionSelectionTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    internal static BackupCatalogEntry Complete(string group, DateTimeOffset startedAt, string id)
    {
        var folder = $"{group}/{BackupLayout.FolderName(startedAt, id)}";
        return new BackupCatalogEntry
        {
            Id = id,
            Status = BackupStatus.Complete,
            FolderPath = folder,
            Location = "/store/" + folder,
            Context = group.Split('/')[0],
            Namespace = group.Split('/')[1],
            Database = group.Split('/')[2],
            Kind = BackupKind.Database,
            StartedAt = startedAt,
            CompletedAt = startedAt.AddMinutes(1),
            Size = 100,
            Files = [new BackupStoreFile(folder + "/db.sql.gz", 100, startedAt.AddMinutes(1))],
        };
    }

    internal static BackupCatalogEntry Incomplete(string group, DateTimeOffset startedAt, string id, DateTimeOffset? lastWrite = null)
    {
        var folder = $"{group}/{BackupLayout.FolderName(startedAt, id)}";
        return new BackupCatalogEntry
        {
            Id = id,
            Status = BackupStatus.Incomplete,
            FolderPath = folder,
            Location = "/store/" + folder,
            Context = group.Split('/')[0],
            Namespace = group.Split('/')[1],
            Database = group.Split('/')[2],
            StartedAt = startedAt,
            Size = 10,
            Problem = "manifest.json is missing",
            Files = [new BackupStoreFile(folder + "/db.sql.gz.partial", 10, lastWrite ?? startedAt)],
        };
    }

    private static string[] Removed(IEnumerable<RetentionDecision> decisions) =>
        decisions.Where(d => d.Outcome == RetentionOutcome.Removed).Select(d => d.Entry.Id).Order(StringComparer.Ordinal).ToArray();

    private static BackupCatalogEntry[] Daily(string group, int count, string prefix) =>
        Enumerable.Range(0, count).Select(i => Complete(group, Now.AddDays(-i).AddHours(-1), $"{prefix}{i}")).ToArray();

    [Fact]
    public void Days_remove_complete_backups_started_before_the_cutoff()
    {
        var entries = Daily("prod/ceoagent/users", 10, "d");

        var decisions = BackupRetention.Select(entries, new RetentionPolicy(retentionDays: 7), null, Now);

        Assert.Equal(["d7", "d8", "d9"], Removed(decisions));
        Assert.Equal(10, decisions.Count);
        Assert.Equal("older than 7 days", decisions.Single(d => d.Entry.Id == "d9").Reason);
    }

    [Fact]
    public void KeepLast_keeps_only_the_newest_n_per_group()
    {
        var entries = Daily("prod/ceoagent/users", 4, "u").Concat(Daily("prod/ceoagent/orders", 3, "o")).ToArray();

        var decisions = BackupRetention.Select(entries, new RetentionPolicy(keepLast: 2), null, Now);

        Assert.Equal(["o2", "u2", "u3"], Removed(decisions));
    }

    [Fact]
    public void Both_rules_remove_what_breaks_either()
    {
        var entries = Daily("prod/ceoagent/users", 10, "d");

        var decisions = BackupRetention.Select(entries, new RetentionPolicy(retentionDays: 7, keepLast: 3), null, Now);

        Assert.Equal(["d3", "d4", "d5", "d6", "d7", "d8", "d9"], Removed(decisions));
    }

    [Fact]
    public void The_newest_complete_backup_survives_even_when_every_backup_is_too_old()
    {
        var entries = new[]
        {
            Complete("prod/ceoagent/users", Now.AddDays(-30), "old1"),
            Complete("prod/ceoagent/users", Now.AddDays(-40), "old2"),
            Incomplete("prod/ceoagent/users", Now.AddDays(-20), "fail1"),
        };

        var decisions = BackupRetention.Select(entries, new RetentionPolicy(retentionDays: 7), null, Now);

        Assert.Equal(["fail1", "old2"], Removed(decisions));
        var kept = Assert.Single(decisions, d => d.Outcome == RetentionOutcome.Kept);
        Assert.Equal(("old1", "the newest complete backup"), (kept.Entry.Id, kept.Reason));
    }

    [Fact]
    public void The_backup_just_made_is_kept_even_when_a_newer_one_exists()
    {
        // A backup started earlier but finished after a concurrent one: it is still the one this run just made.
        var entries = new[]
        {
            Complete("prod/ceoagent/users", Now.AddMinutes(-1), "other"),
            Complete("prod/ceoagent/users", Now.AddMinutes(-5), "mine"),
            Complete("prod/ceoagent/users", Now.AddDays(-1), "older"),
        };

        var decisions = BackupRetention.Select(entries, new RetentionPolicy(keepLast: 1), "mine", Now);

        Assert.Equal(["older"], Removed(decisions));
        Assert.Equal("the backup just made", decisions.Single(d => d.Entry.Id == "mine").Reason);
    }

    [Fact]
    public void Incomplete_leftovers_go_once_a_newer_complete_backup_exists_but_never_while_recent()
    {
        var group = "prod/ceoagent/users";
        var entries = new[]
        {
            Incomplete(group, Now.AddMinutes(-10), "running"),                                  // may still be writing
            Complete(group, Now.AddHours(-2), "good"),
            Incomplete(group, Now.AddHours(-5), "failed"),                                      // superseded by "good"
            Incomplete(group, Now.AddHours(-6), "slow", lastWrite: Now.AddMinutes(-3)),          // long dump still writing
            Incomplete("prod/ceoagent/orders", Now.AddHours(-3), "lonely"),                     // no complete backup to replace it
        };

        var decisions = BackupRetention.Select(entries, new RetentionPolicy(keepLast: 5), null, Now);

        Assert.Equal(["failed"], Removed(decisions));
        Assert.Contains("still be running", decisions.Single(d => d.Entry.Id == "running").Reason);
        Assert.Contains("still be running", decisions.Single(d => d.Entry.Id == "slow").Reason);
    }

    [Fact]
    public void Incomplete_folders_older_than_the_days_go_even_without_a_complete_backup()
    {
        var entries = new[] { Incomplete("prod/ceoagent/orders", Now.AddDays(-8), "stale"), Incomplete("prod/ceoagent/orders", Now.AddDays(-2), "young") };

        var decisions = BackupRetention.Select(entries, new RetentionPolicy(retentionDays: 7), null, Now);

        Assert.Equal(["stale"], Removed(decisions));
    }

    [Fact]
    public void Policy_rejects_zero_and_negative_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetentionPolicy(retentionDays: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetentionPolicy(keepLast: -1));
        Assert.True(new RetentionPolicy().IsEmpty);
    }
}
