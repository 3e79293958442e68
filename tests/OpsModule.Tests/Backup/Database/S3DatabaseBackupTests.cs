using OpsModule.Core.Backup.Database;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Core.Storage.S3;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Backup.Database;

/// <summary>A local pg_dump streamed into S3 (s3rver) as a multipart upload.</summary>
[Collection(PostgresServer.CollectionName)]
public sealed class S3DatabaseBackupTests(PostgresServer server)
{
    [Fact]
    public async Task A_plain_backup_streams_into_s3_with_the_checksum_of_the_stored_object()
    {
        await using var s3 = await S3Server.StartAsync();
        var name = BackupTestDatabase.UniqueName("bk_s3");
        var connectionString = await BackupTestDatabase.CreateAsync(server, name);
        await using var store = new S3BackupStore(s3.NewLocation(), s3.Options());
        var request = new DatabaseBackupRequest(new ConnectionStringDatabaseSource(connectionString) { PgDumpPath = server.Tool("pg_dump") }) { CompressionLevel = 1 };

        var result = await new DatabaseBackupRunner(store).RunAsync(request, null, CancellationToken.None);

        var stored = await BackupTestDatabase.ReadAllAsync(store, result.DumpPath);
        Assert.Equal((stored.Length, BackupTestDatabase.Sha256(stored)), (result.DumpFile.Size, result.DumpFile.Sha256));
        Assert.Equal(new BackupCompression("gzip", 1), result.Manifest.Compression);
        Assert.StartsWith("s3://", result.Location);
        Assert.Equal(BackupTestDatabase.Sorted(await BackupTestDatabase.CountsAsync(connectionString)), BackupTestDatabase.Sorted(result.Manifest.Tables));
        Assert.Equal(result.Manifest.Id, Assert.Single(await new BackupCatalog(store).ListAsync()).Id);
        Assert.Equal(0, s3.PendingUploadCount());
    }
}
