using System.Text.Json.Nodes;
using OpsModule.Core.Backup;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.DisasterRecovery;
using OpsModule.Core.Errors;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Backup.Database;
using OpsModule.Tests.Restore;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Faults;

/// <summary>
/// Restore-OpsDatabase -Location and Test-DisasterRecovery -Database against a backup whose manifest is missing, cut off,
/// not JSON, or records a SHA-256 the dump does not have. Each ends with a clear error and the target exactly as before.
/// </summary>
[Collection(PostgresServer.CollectionName)]
public sealed class RestoreManifestFaultTests(PostgresServer server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ManifestFile(OpsBackup backup) => Path.Combine(_dir.Path, backup.FolderPath, BackupManifest.FileName);

    /// <summary>What Restore-OpsDatabase -Location does: split the location, read the folder's backup, restore it.</summary>
    private async Task RestoreByLocationAsync(OpsBackup backup, string target)
    {
        var (storeLocation, folderPath) = BackupLayout.SplitLocation(backup.Location);
        await using var store = BackupStoreFactory.Create(storeLocation);
        var found = await BackupListing.GetAsync(store, folderPath, CancellationToken.None);
        await new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(found, RestoreFixture.Target(server)) { TargetDatabase = target, Force = true }, null, CancellationToken.None);
    }

    private async Task AssertTargetUntouchedAsync(string target, string targetConnection)
    {
        Assert.Equal([new BackupTableRowCount("public", "keep", 2)], await BackupTestDatabase.CountsAsync(targetConnection));
        Assert.Equal([target], await RestoreFixture.DatabasesAsync(server, target));
    }

    public static TheoryData<string, string> BrokenManifests => new()
    {
        { "missing", "manifest.json is missing" },
        { "truncated", "not valid manifest JSON" },
        { "not-json", "not valid manifest JSON" },
        { "empty-object", "cannot be used" },
        { "bad-sha", "SHA-256" },
    };

    [Theory]
    [MemberData(nameof(BrokenManifests))]
    public async Task Restoring_by_location_from_a_folder_without_a_usable_manifest_says_so_and_changes_nothing(string damage, string problem)
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "flt_man");
        var target = backup.Database + "_t";
        var targetConnection = await RestoreFixture.CreateOccupiedAsync(server, target);
        BreakManifest(ManifestFile(backup), damage);

        var error = await Assert.ThrowsAsync<OpsException>(() => RestoreByLocationAsync(backup, target));

        var info = FaultAssert.Classified(error, "Ops.Backup.NotFound", OpsErrorCategory.ObjectNotFound, "Get-OpsBackup");
        FaultAssert.Mentions("not a complete backup", info.Message);
        FaultAssert.Mentions(problem, info.Message);
        await AssertTargetUntouchedAsync(target, targetConnection);
        Assert.DoesNotContain(backup.Id, (await BackupListing.ListAsync(store, new BackupQuery(), CancellationToken.None)).Select(b => b.Id));
    }

    [Fact]
    public async Task An_incomplete_folder_piped_from_Get_OpsBackup_IncludeIncomplete_is_refused_and_changes_nothing()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "flt_inc");
        var target = backup.Database + "_t";
        var targetConnection = await RestoreFixture.CreateOccupiedAsync(server, target);
        File.Delete(ManifestFile(backup));
        var incomplete = Assert.Single(await BackupListing.ListAsync(store, new BackupQuery { IncludeIncomplete = true }, CancellationToken.None));
        Assert.Equal(BackupStatus.Incomplete, incomplete.Status);

        var error = await Assert.ThrowsAsync<OpsException>(() => new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(incomplete, RestoreFixture.Target(server)) { TargetDatabase = target, Force = true }, null, CancellationToken.None));

        var info = FaultAssert.Classified(error, DatabaseRestoreErrorIds.NotRestorable, OpsErrorCategory.InvalidArgument, "Get-OpsBackup");
        FaultAssert.Mentions("not complete", info.Message);
        FaultAssert.Mentions("Nothing was changed", info.Message);
        await AssertTargetUntouchedAsync(target, targetConnection);
    }

    [Fact]
    public async Task A_manifest_whose_sha256_does_not_match_the_dump_fails_the_restore_and_changes_nothing()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "flt_sha");
        var target = backup.Database + "_t";
        var targetConnection = await RestoreFixture.CreateOccupiedAsync(server, target);
        RecordOtherSha256(ManifestFile(backup));

        var error = await Assert.ThrowsAsync<OpsException>(() => RestoreByLocationAsync(backup, target));

        var info = FaultAssert.Classified(error, DatabaseRestoreErrorIds.ChecksumMismatch, OpsErrorCategory.InvalidData, "another backup");
        FaultAssert.Mentions("SHA-256", info.Message);
        FaultAssert.Mentions("Nothing was changed", info.Message);
        await AssertTargetUntouchedAsync(target, targetConnection);
    }

    [Fact]
    public async Task The_drill_for_a_database_skips_a_newer_backup_with_a_broken_manifest_and_tests_the_last_whole_one()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var name = BackupTestDatabase.UniqueName("flt_drl");
        var connectionString = await BackupTestDatabase.CreateAsync(server, name);
        var whole = await BackUpAsync(store, connectionString);
        var broken = await BackUpAsync(store, connectionString);
        BreakManifest(ManifestFile(broken), "truncated");

        var latest = await BackupListing.GetLatestAsync(store, new BackupQuery { Database = name }, CancellationToken.None);
        var result = await new DisasterRecoveryDrill(store).RunAsync(new DisasterRecoveryDrillRequest(latest, RestoreFixture.Target(server)), CancellationToken.None);

        Assert.Equal(whole.Id, latest.Id);
        Assert.True(result.Passed, string.Join("\n", result.Steps.Select(s => $"{s.Name} {s.Passed}: {s.Message}")));
        Assert.True(result.RowCountsMatched);
        Assert.Empty(await RestoreFixture.DatabasesAsync(server, "dr_" + name));

        BreakManifest(ManifestFile(whole), "not-json");
        var none = await Assert.ThrowsAsync<OpsException>(() => BackupListing.GetLatestAsync(store, new BackupQuery { Database = name }, CancellationToken.None));
        var info = FaultAssert.Classified(none, "Ops.Backup.NotFound", OpsErrorCategory.ObjectNotFound, "Invoke-OpsBackup");
        FaultAssert.Mentions(name, info.Message);
    }

    [Fact]
    public async Task A_drill_of_a_backup_whose_manifest_sha256_does_not_match_fails_the_restore_step_and_leaves_no_scratch_database()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "flt_drs");
        RecordOtherSha256(ManifestFile(backup));
        var reread = await BackupListing.GetLatestAsync(store, new BackupQuery { Database = backup.Database }, CancellationToken.None);

        var result = await new DisasterRecoveryDrill(store).RunAsync(new DisasterRecoveryDrillRequest(reread, RestoreFixture.Target(server)), CancellationToken.None);

        Assert.False(result.Passed);
        var restore = Assert.Single(result.Steps, s => s.Name == DisasterRecoveryStepNames.ChecksumAndRestore);
        Assert.False(restore.Passed);
        FaultAssert.Mentions("SHA-256", restore.Message);
        Assert.Empty(await RestoreFixture.DatabasesAsync(server, "dr_" + backup.Database));
    }

    private async Task<OpsBackup> BackUpAsync(IBackupStore store, string connectionString)
    {
        var source = new ConnectionStringDatabaseSource(connectionString) { PgDumpPath = server.Tool("pg_dump") };
        var result = await new DatabaseBackupRunner(store).RunAsync(new DatabaseBackupRequest(source), null, CancellationToken.None);
        return OpsBackup.FromResult(result, store.Location);
    }

    private static void BreakManifest(string path, string damage)
    {
        var text = File.ReadAllText(path);
        switch (damage)
        {
            case "missing":
                File.Delete(path);
                break;
            case "truncated":
                File.WriteAllText(path, text[..(text.Length / 2)]);
                break;
            case "not-json":
                File.WriteAllText(path, "<html>503 Service Unavailable</html>");
                break;
            case "empty-object":
                File.WriteAllText(path, "{}");
                break;
            case "bad-sha":
                var manifest = JsonNode.Parse(text)!;
                manifest["files"]![0]!["sha256"] = "not-a-sha";
                File.WriteAllText(path, manifest.ToJsonString());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }
    }

    /// <summary>A well-formed manifest that records a different (valid-looking) SHA-256 for the dump than the one it has.</summary>
    private static void RecordOtherSha256(string path)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        var sha = (string)manifest["files"]![0]!["sha256"]!;
        manifest["files"]![0]!["sha256"] = (sha[0] == '0' ? "1" : "0") + sha[1..];
        File.WriteAllText(path, manifest.ToJsonString());
    }
}
