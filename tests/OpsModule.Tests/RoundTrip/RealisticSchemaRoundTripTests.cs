using OpsModule.Core.Backup;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Backup.Database;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.RoundTrip;

/// <summary>Backup and restore of an application-like database give back the same database: schema, rows, sequences, large objects.</summary>
[Collection(PostgresServer.CollectionName)]
public sealed class RealisticSchemaRoundTripTests(PostgresServer server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(BackupFormat.Plain)]
    [InlineData(BackupFormat.Custom)]
    public async Task A_restored_copy_has_the_same_schema_rows_sequences_and_large_objects(BackupFormat format)
    {
        var name = BackupTestDatabase.UniqueName("rt_real");
        var source = await RealisticDatabase.CreateAsync(server, name);
        await using var store = BackupStoreFactory.Create(_dir.Path);
        var dumpSource = new ConnectionStringDatabaseSource(source) { PgDumpPath = server.Tool("pg_dump") };
        var backup = OpsBackup.FromResult(
            await new DatabaseBackupRunner(store).RunAsync(new DatabaseBackupRequest(dumpSource) { Format = format }, null, CancellationToken.None),
            store.Location);
        var target = name + "_copy";

        var result = await new DatabaseRestoreRunner(store).RunAsync(
            new DatabaseRestoreRequest(backup, new ConnectionStringRestoreTarget(server.ConnectionString()) { ClientBinDirectory = server.BinDirectory })
            {
                TargetDatabase = target,
            },
            null, CancellationToken.None);

        var restored = server.ConnectionString(target);
        Assert.True(result.Verified, string.Join(", ", result.Mismatches.Select(m => $"{m.Schema}.{m.Table}: {m.Expected} vs {m.Actual}")));
        var sourceSchema = await RealisticDatabase.SchemaDumpAsync(server, name);
        Assert.Equal(sourceSchema, await RealisticDatabase.SchemaDumpAsync(server, target));
        foreach (var expected in new[] { "CREATE TRIGGER invoices_audit", "ATTACH PARTITION billing.events_2024", "CREATE VIEW billing.customer_totals", "GENERATED ALWAYS AS IDENTITY" })
        {
            Assert.Contains(expected, sourceSchema);
        }

        var sourceCounts = await RealisticDatabase.RowCountsAsync(source);
        Assert.Equal(
            [
                "audit.log=510", "billing.events=0", "billing.events_2024=366", "billing.events_2025=365", "billing.events_later=169",
                "billing.invoices=500", "public.customers=204", "public.documents=3",
            ],
            sourceCounts);
        Assert.Equal(sourceCounts, await RealisticDatabase.RowCountsAsync(restored));
        Assert.Equal(
            sourceCounts.Where(c => c != "billing.events=0").ToList(),
            backup.Tables.Select(t => $"{t.Schema}.{t.Name}={t.Rows}").Order(StringComparer.Ordinal).ToList());

        Assert.Equal(await RealisticDatabase.ContentFingerprintsAsync(source), await RealisticDatabase.ContentFingerprintsAsync(restored));
        Assert.Equal(
            ["张伟|北京|00ff000102", "Zoë 🚀👩‍💻|<null>|", "NULL|Berlin|<null>", "tab\there|東京|0000000000"],
            await RealisticDatabase.CustomerNamesAsync(restored));

        var sequences = await RealisticDatabase.SequenceValuesAsync(source);
        Assert.Contains("billing.invoice_number=9008", sequences);
        Assert.Contains("public.never_used=", sequences);
        Assert.Equal(sequences, await RealisticDatabase.SequenceValuesAsync(restored));

        var largeObjects = await RealisticDatabase.LargeObjectsAsync(source);
        Assert.Equal(2, largeObjects.Count);
        Assert.Equal(largeObjects, await RealisticDatabase.LargeObjectsAsync(restored));

        // The restored trigger and function still work: a new invoice is audited and totalled, and takes the next numbers.
        await PostgresTestClient.ExecuteAsync(restored, "INSERT INTO billing.invoices (customer_id, amount) VALUES (1, 10)");
        Assert.Equal(
            ["501|9015|audit=511"],
            await PostgresTestClient.LinesAsync(restored,
                "SELECT max(id) || '|' || max(number) || '|audit=' || (SELECT count(*) FROM audit.log) FROM billing.invoices"));
    }
}
