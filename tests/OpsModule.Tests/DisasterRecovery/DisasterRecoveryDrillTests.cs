using OpsModule.Core.DisasterRecovery;
using OpsModule.Core.Storage;
using OpsModule.Tests.Kubernetes;
using OpsModule.Tests.Restore;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.DisasterRecovery;

/// <summary>The DR drill against the real PostgreSQL test server, from a local folder store.</summary>
[Collection(PostgresServer.CollectionName)]
public sealed class DisasterRecoveryDrillTests(PostgresServer server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string[] StepNames(OpsDrTestResult result) => result.Steps.Select(s => s.Name).ToArray();

    private static OpsDrTestStep Step(OpsDrTestResult result, string name) => result.Steps.Single(s => s.Name == name);

    [Fact]
    public async Task A_fresh_backup_passes_every_step_and_the_scratch_database_is_dropped()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "dr_ok");

        var result = await new DisasterRecoveryDrill(store).RunAsync(
            new DisasterRecoveryDrillRequest(backup, RestoreFixture.Target(server)) { VerifyQueries = ["SELECT 1", "SELECT count(*) FROM pg_class"] },
            CancellationToken.None);

        Assert.True(result.Passed, string.Join(Environment.NewLine, result.Steps));
        Assert.Equal(
            [DisasterRecoveryStepNames.PrimaryReachable, DisasterRecoveryStepNames.Rpo, DisasterRecoveryStepNames.ChecksumAndRestore,
             DisasterRecoveryStepNames.Verify, DisasterRecoveryStepNames.Rto, DisasterRecoveryStepNames.Cleanup],
            StepNames(result));
        Assert.Null(Step(result, DisasterRecoveryStepNames.PrimaryReachable).Passed);
        Assert.True(result.Steps.Skip(1).All(s => s.Passed == true));
        Assert.Equal(backup.Id, result.BackupId);
        Assert.Equal(backup.Database, result.Database);
        Assert.StartsWith($"dr_{backup.Database}_", result.ScratchDatabase);
        Assert.InRange(result.MeasuredRpoSeconds!.Value, 0, 60);
        Assert.Equal(15 * 60, result.RpoTargetSeconds);
        Assert.Equal(30 * 60, result.RtoTargetSeconds);
        Assert.True(result.MeasuredRtoSeconds > 0);
        Assert.Equal(
            Step(result, DisasterRecoveryStepNames.ChecksumAndRestore).DurationSeconds + Step(result, DisasterRecoveryStepNames.Verify).DurationSeconds,
            result.MeasuredRtoSeconds!.Value, 3);
        Assert.True(result.RowCountsMatched);
        Assert.DoesNotContain(server.Password, string.Join(" ", result.Steps.Select(s => s.Message)) + result.Target);
        Assert.Empty(await RestoreFixture.DatabasesAsync(server, result.ScratchDatabase));
        Assert.Empty(await RestoreFixture.DatabasesAsync(server, "dr_" + backup.Database));
    }

    [Fact]
    public async Task A_missed_RPO_target_fails_the_drill_but_still_restores_and_cleans_up()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "dr_rpo");

        var result = await new DisasterRecoveryDrill(store).RunAsync(
            new DisasterRecoveryDrillRequest(backup, RestoreFixture.Target(server)) { RpoTarget = TimeSpan.FromMilliseconds(1) }, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.False(Step(result, DisasterRecoveryStepNames.Rpo).Passed);
        Assert.Contains("exceeds", Step(result, DisasterRecoveryStepNames.Rpo).Message);
        Assert.True(result.MeasuredRpoSeconds > 0.001);
        Assert.True(Step(result, DisasterRecoveryStepNames.ChecksumAndRestore).Passed);
        Assert.True(Step(result, DisasterRecoveryStepNames.Verify).Passed);
        Assert.True(Step(result, DisasterRecoveryStepNames.Cleanup).Passed);
        Assert.Empty(await RestoreFixture.DatabasesAsync(server, "dr_" + backup.Database));
    }

    [Fact]
    public async Task A_verify_query_without_rows_fails_Verify_and_the_scratch_database_is_still_dropped()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "dr_vq");

        var result = await new DisasterRecoveryDrill(store).RunAsync(
            new DisasterRecoveryDrillRequest(backup, RestoreFixture.Target(server)) { VerifyQueries = ["SELECT 1", "SELECT 1 WHERE false", "SELECT * FROM no_such_table"] },
            CancellationToken.None);

        Assert.False(result.Passed);
        var verify = Step(result, DisasterRecoveryStepNames.Verify);
        Assert.False(verify.Passed);
        Assert.Contains("verify query 2 returned no rows", verify.Message);
        Assert.Contains("verify query 3 failed", verify.Message);
        Assert.DoesNotContain("verify query 1", verify.Message);
        Assert.True(result.RowCountsMatched);
        Assert.True(Step(result, DisasterRecoveryStepNames.Cleanup).Passed);
        Assert.Empty(await RestoreFixture.DatabasesAsync(server, "dr_" + backup.Database));
    }

    [Fact]
    public async Task KeepScratch_leaves_the_restored_scratch_database_with_the_backups_tables()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "dr_keep");
        var scratch = backup.Database + "_kept";

        var result = await new DisasterRecoveryDrill(store).RunAsync(
            new DisasterRecoveryDrillRequest(backup, RestoreFixture.Target(server)) { ScratchDatabase = scratch, KeepScratch = true }, CancellationToken.None);

        Assert.True(result.Passed, string.Join(Environment.NewLine, result.Steps));
        Assert.Equal(scratch, result.ScratchDatabase);
        Assert.Null(Step(result, DisasterRecoveryStepNames.Cleanup).Passed);
        Assert.Contains(scratch, Step(result, DisasterRecoveryStepNames.Cleanup).Message);
        Assert.Equal([scratch], await RestoreFixture.DatabasesAsync(server, scratch));
        Assert.Equal(backup.Tables.Count, (await Backup.Database.BackupTestDatabase.CountsAsync(server.ConnectionString(scratch))).Count);
    }

    [Fact]
    public async Task A_corrupted_backup_fails_the_restore_step_and_leaves_no_scratch_database()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "dr_bad");
        RestoreFixture.Damage(_dir, backup, truncate: false);

        var result = await new DisasterRecoveryDrill(store).RunAsync(new DisasterRecoveryDrillRequest(backup, RestoreFixture.Target(server)), CancellationToken.None);

        Assert.False(result.Passed);
        var restore = Step(result, DisasterRecoveryStepNames.ChecksumAndRestore);
        Assert.False(restore.Passed);
        Assert.Contains("is damaged", restore.Message);
        Assert.Null(Step(result, DisasterRecoveryStepNames.Verify).Passed);
        Assert.Null(Step(result, DisasterRecoveryStepNames.Rto).Passed);
        Assert.Null(result.MeasuredRtoSeconds);
        Assert.False(result.RowCountsMatched);
        Assert.True(Step(result, DisasterRecoveryStepNames.Cleanup).Passed);
        Assert.Empty(await RestoreFixture.DatabasesAsync(server, "dr_" + backup.Database));
    }

    [Fact]
    public async Task An_existing_database_named_as_the_scratch_is_neither_restored_over_nor_dropped()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "dr_own");
        var existing = backup.Database + "_x";
        await server.CreateDatabaseAsync(existing);

        var result = await new DisasterRecoveryDrill(store).RunAsync(
            new DisasterRecoveryDrillRequest(backup, RestoreFixture.Target(server)) { ScratchDatabase = existing }, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Contains("already exists", Step(result, DisasterRecoveryStepNames.ChecksumAndRestore).Message);
        Assert.Equal([existing], await RestoreFixture.DatabasesAsync(server, existing));
    }

    [Fact]
    public async Task A_cancelled_drill_throws_after_dropping_the_scratch_database()
    {
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "dr_cxl");
        using var cancel = new CancellationTokenSource();
        // Cancels once the restore has produced the scratch database, i.e. during the verify queries.
        var request = new DisasterRecoveryDrillRequest(backup, RestoreFixture.Target(server))
        {
            VerifyQueries = ["SELECT pg_sleep(30)"],
        };
        var drill = new DisasterRecoveryDrill(store).RunAsync(request, cancel.Token);
        await WaitForAsync(async () => (await RestoreFixture.DatabasesAsync(server, "dr_" + backup.Database)).Count > 0);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drill);
        Assert.Empty(await RestoreFixture.DatabasesAsync(server, "dr_" + backup.Database));
    }

    [Fact]
    public async Task The_primary_cluster_step_reports_the_API_version_and_Ready_nodes()
    {
        await using var bed = await ClientTestBed.StartAsync();
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var (backup, _) = await RestoreFixture.BackUpAsync(server, store, "dr_pri");

        var result = await new DisasterRecoveryDrill(store, primaryKubernetes: bed.Client).RunAsync(
            new DisasterRecoveryDrillRequest(backup, RestoreFixture.Target(server)), CancellationToken.None);

        var primary = Step(result, DisasterRecoveryStepNames.PrimaryReachable);
        Assert.True(primary.Passed, primary.Message);
        Assert.Contains("1/1 nodes Ready", primary.Message);
        Assert.True(result.Passed);
    }

    [Fact]
    public void The_default_scratch_name_is_dr_db_timestamp_and_fits_63_bytes()
    {
        var now = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

        Assert.Equal("dr_app_20250304050607", DisasterRecoveryDrill.DefaultScratchName("app", now));
        Assert.Equal(63, DisasterRecoveryDrill.DefaultScratchName(new string('a', 63), now).Length);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the scratch database");
            await Task.Delay(20);
        }
    }
}
