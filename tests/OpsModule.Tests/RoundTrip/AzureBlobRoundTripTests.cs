using OpsModule.Core.Backup;
using OpsModule.Core.DisasterRecovery;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Backup.Database;
using OpsModule.Tests.Restore;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.RoundTrip;

/// <summary>
/// Backup → restore → DR drill through Azure Blob Storage (Azurite) against the real PostgreSQL test server, the store opened the
/// way the cmdlets open it: from the location text and the neutral store settings, and for the restore and the drill only from
/// what the listed backup carries (its StoreLocation, StoreEndpoint, StoreKind) plus the credential.
/// </summary>
[Collection(PostgresServer.CollectionName)]
public sealed class AzureBlobRoundTripTests(PostgresServer server)
{
    [Fact]
    public async Task A_backup_in_azure_blob_restores_with_its_row_counts_and_passes_a_drill_from_the_listed_backup_alone()
    {
        await using var azure = await AzuriteServer.StartAsync();
        var credential = new BackupStoreSettings { UserName = AzuriteServer.AccountName, Secret = azure.AccountKey };
        var location = azure.NewLocation();
        OpsBackup taken;
        string source;
        await using (var store = BackupStoreFactory.Create(location, new BackupStoreSettings { Endpoint = azure.ServiceUrl, UserName = credential.UserName, Secret = credential.Secret }))
        {
            (taken, source) = await RestoreFixture.BackUpAsync(server, store, "az_rt");
        }

        await using var listedFrom = BackupStoreFactory.Create(location, new BackupStoreSettings { Endpoint = azure.ServiceUrl, UserName = credential.UserName, Secret = credential.Secret });
        var listed = Assert.Single(await BackupListing.ListAsync(listedFrom, new BackupQuery { Latest = true }, CancellationToken.None));
        Assert.Equal((taken.Id, "AzureBlob", azure.ServiceUrl, location), (listed.Id, listed.StoreKind, listed.StoreEndpoint, listed.StoreLocation));
        Assert.StartsWith(location + "/", listed.Location, StringComparison.Ordinal);

        // As a piped backup reaches its store: nothing but the backup and the credential.
        await using var store2 = BackupStoreFactory.Create(listed.StoreLocation, new BackupStoreSettings { Endpoint = listed.StoreEndpoint, UserName = credential.UserName, Secret = credential.Secret });
        var target = listed.Database + "_from_azure";
        var restored = await new DatabaseRestoreRunner(store2).RunAsync(
            new DatabaseRestoreRequest(listed, RestoreFixture.Target(server)) { TargetDatabase = target }, null, CancellationToken.None);
        Assert.True(restored.Verified);
        Assert.Equal(listed.Size, restored.Bytes);
        Assert.Equal(
            BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(source)),
            BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(server.ConnectionString(target))));

        var drill = await new DisasterRecoveryDrill(store2).RunAsync(new DisasterRecoveryDrillRequest(listed, RestoreFixture.Target(server)), CancellationToken.None);
        Assert.True(drill.Passed, string.Join(Environment.NewLine, drill.Steps));
        Assert.True(drill.RowCountsMatched);
        Assert.Empty(await RestoreFixture.DatabasesAsync(server, drill.ScratchDatabase));
    }
}
