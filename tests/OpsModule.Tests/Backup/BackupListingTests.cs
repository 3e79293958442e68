using OpsModule.Core.Backup;
using OpsModule.Core.Backup.Config;
using OpsModule.Core.Postgres;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Backup.Config;

namespace OpsModule.Tests.Backup;

/// <summary>What Get-OpsBackup and Remove-OpsBackup run: listing a store as OpsBackup objects and removing one.</summary>
public sealed class BackupListingTests
{
    [Fact]
    public async Task Lists_backups_newest_first_and_removes_the_one_piped_in()
    {
        await using var bed = await ConfigBackupTestBed.StartAsync();
        var first = await bed.Runner().RunAsync(new ConfigBackupRequest { Namespace = ConfigBackupTestBed.Namespace, Context = "aks-prod" });
        await Task.Delay(1100);
        var second = await bed.Runner().RunAsync(new ConfigBackupRequest { Namespace = ConfigBackupTestBed.Namespace, Context = "aks-prod" });

        var listed = await BackupListing.ListAsync(bed.Store, new BackupQuery { Namespace = ConfigBackupTestBed.Namespace }, CancellationToken.None);
        var latest = await BackupListing.GetLatestAsync(bed.Store, new BackupQuery { Namespace = ConfigBackupTestBed.Namespace }, CancellationToken.None);
        var missing = await Assert.ThrowsAsync<Core.Errors.OpsException>(
            () => BackupListing.GetLatestAsync(bed.Store, new BackupQuery { Database = "nope" }, CancellationToken.None));
        var removed = await BackupListing.RemoveAsync(bed.Store, listed[1], CancellationToken.None);
        var after = await BackupListing.ListAsync(bed.Store, new BackupQuery { IncludeIncomplete = true }, CancellationToken.None);

        Assert.Equal([second.Manifest.Id, first.Manifest.Id], listed.Select(b => b.Id));
        Assert.Equal(second.Manifest.Id, latest.Id);
        Assert.Contains("No complete backup of nope", missing.Message);
        Assert.All(listed, b => Assert.Equal((BackupStatus.Complete, "aks-prod", BackupKind.Config), (b.Status, b.Context, b.Kind)));
        Assert.True(removed > 1);
        Assert.Equal(second.Manifest.Id, Assert.Single(after).Id);
        Assert.False(Directory.Exists(bed.FolderOnDisk(first.FolderPath)));
    }

    [Fact]
    public void A_credential_replaces_the_login_of_a_connection_string()
    {
        var withLogin = PostgresConnectionString.WithLogin("Host=db.internal;Port=5433;Database=ceoagent;Username=old", "backup", "from-vault");
        var parsed = PostgresConnectionString.Parse(withLogin);

        Assert.Equal(("db.internal", 5433, "ceoagent", "backup", "from-vault"), (parsed.Host, parsed.Port, parsed.Database, parsed.Username, parsed.Password));
        Assert.Equal("db.internal:5433/ceoagent", PostgresConnectionString.Describe(withLogin));
    }
}
