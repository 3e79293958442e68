using System.Net;
using OpsModule.Core.Backup;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Core.Storage.S3;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Faults;

/// <summary>
/// Invoke-OpsBackup (BackupService) into S3 when S3 misbehaves: a 500 on one multipart part, AccessDenied on writes or on
/// listing, a missing bucket. Real s3rver; the faults are answered by the SDK's own HttpClient (S3StoreOptions.HttpClientFactory).
/// pg_dump is a stand-in script writing a well-formed dump, so no database is needed and sizes can span several parts.
/// </summary>
[Collection(S3Server.CollectionName)]
public sealed class S3BackupFaultTests(S3Server s3) : IDisposable
{
    private const string Database = "orders";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private S3BackupStore Store(S3FaultHttpClientFactory factory, string? location = null)
    {
        var options = s3.Options();
        return new S3BackupStore(location ?? s3.NewLocation(), new S3StoreOptions
        {
            ServiceUrl = options.ServiceUrl,
            AccessKey = options.AccessKey,
            SecretKey = options.SecretKey,
            PartSize = options.PartSize,
            HttpClientFactory = factory,
        });
    }

    internal static BackupServiceRequest Request(IBackupStore store, string pgDump) => new()
    {
        Store = store,
        Databases = [Database],
        // Never contacted: the stand-in pg_dump ignores its environment.
        ConnectionString = "Host=127.0.0.1;Port=1;Username=backup;Password=fault-test-secret",
        PgDumpPath = pgDump,
        CompressionLevel = 1,
    };

    [Fact]
    public async Task A_500_on_every_try_of_part_2_fails_the_backup_aborts_the_upload_and_lists_nothing()
    {
        var factory = new S3FaultHttpClientFactory
        {
            Fault = r => S3FaultHttpClientFactory.IsUploadPart(r, 2)
                ? S3FaultHttpClientFactory.S3Error(HttpStatusCode.InternalServerError, "InternalError", "We encountered an internal error. Please try again.")
                : null,
        };
        await using var store = Store(factory);
        var handlers = new FaultBackupHandlers();

        // ~12 MB of rows: three 5 MiB parts.
        var summary = await new BackupService(api: null).RunAsync(
            Request(store, FakePgDump.Complete(_dir, 9_000_000)), handlers.Handlers, null, CancellationToken.None);

        Assert.Empty(handlers.Completed);
        Assert.Empty(summary.Backups);
        var failure = Assert.Single(handlers.Failed);
        Assert.Equal(Database, failure.Database);
        var info = FaultAssert.Classified(failure.Error, StorageErrorIds.RequestFailed, OpsErrorCategory.ResourceUnavailable, "Retry");
        FaultAssert.Mentions("part 2", info.Message);
        FaultAssert.Mentions("500", info.Message);

        var requests = factory.Requests;
        Assert.Contains(requests, r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains("partNumber=1", StringComparison.Ordinal) && r.EndsWith("-> 200", StringComparison.Ordinal));
        Assert.True(requests.Count(r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains("partNumber=2", StringComparison.Ordinal)) >= 2,
            "the SDK did not retry the failing part:\n" + string.Join("\n", requests));
        Assert.Contains(requests, S3FaultHttpClientFactory.IsAbort);
        Assert.DoesNotContain(requests, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("uploadId=", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, r => r.Contains(BackupManifest.FileName, StringComparison.Ordinal));
        await FaultAssert.StoresNothingAsync(store);
    }

    [Fact]
    public async Task A_completion_that_landed_but_answered_500_is_deleted_again_and_lists_nothing()
    {
        var factory = new S3FaultHttpClientFactory
        {
            LoseResponse = r => S3FaultHttpClientFactory.IsComplete(r)
                ? S3FaultHttpClientFactory.S3Error(HttpStatusCode.InternalServerError, "InternalError", "We encountered an internal error. Please try again.")
                : null,
        };
        await using var store = Store(factory);
        var handlers = new FaultBackupHandlers();

        await new BackupService(api: null).RunAsync(Request(store, FakePgDump.Complete(_dir, 6_000_000)), handlers.Handlers, null, CancellationToken.None);

        Assert.Empty(handlers.Completed);
        FaultAssert.Classified(Assert.Single(handlers.Failed).Error, StorageErrorIds.RequestFailed, OpsErrorCategory.ResourceUnavailable, "Retry");
        var requests = factory.Requests;
        Assert.Contains(requests, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("uploadId=", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.StartsWith("DELETE ", StringComparison.Ordinal) && r.Contains("orders.sql.gz", StringComparison.Ordinal) && !r.Contains("uploadId=", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, r => r.Contains(BackupManifest.FileName, StringComparison.Ordinal));
        await FaultAssert.StoresNothingAsync(store);
    }

    [Fact]
    public async Task A_part_that_fails_once_is_retried_and_the_backup_is_whole()
    {
        var failures = 0;
        var factory = new S3FaultHttpClientFactory
        {
            Fault = r => S3FaultHttpClientFactory.IsUploadPart(r, 2) && Interlocked.Increment(ref failures) == 1
                ? S3FaultHttpClientFactory.S3Error(HttpStatusCode.ServiceUnavailable, "SlowDown", "Please reduce your request rate.")
                : null,
        };
        await using var store = Store(factory);
        var handlers = new FaultBackupHandlers();

        await new BackupService(api: null).RunAsync(Request(store, FakePgDump.Complete(_dir, 9_000_000)), handlers.Handlers, null, CancellationToken.None);

        Assert.Empty(handlers.Failed);
        var backup = Assert.Single(handlers.Completed);
        Assert.Equal(2, factory.Requests.Count(r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains("partNumber=2", StringComparison.Ordinal)));
        await using (var stored = await store.OpenReadAsync(StorePath.Join(backup.FolderPath, backup.Files[0])))
        using (var sha = System.Security.Cryptography.SHA256.Create())
        {
            Assert.Equal(backup.Sha256, Convert.ToHexString(await sha.ComputeHashAsync(stored)).ToLowerInvariant());
        }

        await FaultAssert.ListsOnlyAsync(store, backup.Id);
    }

    [Fact]
    public async Task AccessDenied_on_upload_fails_the_backup_saying_to_check_credentials_and_bucket_policy()
    {
        var factory = new S3FaultHttpClientFactory
        {
            Fault = r => r.Method == HttpMethod.Put || r.Method == HttpMethod.Post
                ? S3FaultHttpClientFactory.S3Error(HttpStatusCode.Forbidden, "AccessDenied", "Access Denied")
                : null,
        };
        await using var store = Store(factory);
        var handlers = new FaultBackupHandlers();

        await new BackupService(api: null).RunAsync(Request(store, FakePgDump.Complete(_dir, 100_000)), handlers.Handlers, null, CancellationToken.None);

        Assert.Empty(handlers.Completed);
        var failure = Assert.Single(handlers.Failed);
        var info = FaultAssert.Classified(failure.Error, StorageErrorIds.AccessDenied, OpsErrorCategory.PermissionDenied, "credentials", "bucket policy");
        FaultAssert.Mentions("AccessDenied", info.Message);
        FaultAssert.Mentions(s3.Bucket, info.Message);
        Assert.DoesNotContain("fault-test-secret", info.Message + info.RecommendedAction, StringComparison.Ordinal);
        await FaultAssert.StoresNothingAsync(store);
    }

    [Fact]
    public async Task AccessDenied_on_listing_stops_the_run_before_pg_dump_starts_and_Get_OpsBackup_says_so_too()
    {
        var factory = new S3FaultHttpClientFactory
        {
            Fault = r => S3FaultHttpClientFactory.IsList(r)
                ? S3FaultHttpClientFactory.S3Error(HttpStatusCode.Forbidden, "AccessDenied", "Access Denied")
                : null,
        };
        await using var store = Store(factory);
        var ran = _dir.File("pg_dump-ran");

        var error = await Assert.ThrowsAsync<OpsException>(() => new BackupService(api: null).RunAsync(
            Request(store, FakePgDump.Complete(_dir, 1000, ran)), new FaultBackupHandlers().Handlers, null, CancellationToken.None));

        FaultAssert.Classified(error, StorageErrorIds.AccessDenied, OpsErrorCategory.PermissionDenied, "credentials");
        Assert.False(File.Exists(ran), "pg_dump ran although the store could not be used");
        Assert.DoesNotContain(factory.Requests, r => r.StartsWith("PUT ", StringComparison.Ordinal) || r.StartsWith("POST ", StringComparison.Ordinal));

        var listing = await Assert.ThrowsAsync<OpsException>(() => BackupListing.ListAsync(store, new BackupQuery(), CancellationToken.None));
        FaultAssert.Classified(listing, StorageErrorIds.AccessDenied, OpsErrorCategory.PermissionDenied, "credentials");
    }

    [Fact]
    public async Task A_missing_bucket_stops_the_run_before_pg_dump_starts()
    {
        await using var store = Store(new S3FaultHttpClientFactory(), $"s3://no-such-bucket-{Guid.NewGuid():N}"[..40] + "/backups");
        var ran = _dir.File("pg_dump-ran");

        var error = await Assert.ThrowsAsync<OpsException>(() => new BackupService(api: null).RunAsync(
            Request(store, FakePgDump.Complete(_dir, 1000, ran)), new FaultBackupHandlers().Handlers, null, CancellationToken.None));

        var info = FaultAssert.Classified(error, StorageErrorIds.BucketNotFound, OpsErrorCategory.ObjectNotFound, "Create the bucket");
        FaultAssert.Mentions("no-such-bucket-", info.Message);
        Assert.False(File.Exists(ran), "pg_dump ran although the bucket does not exist");
    }

    [Fact]
    public async Task A_manifest_write_that_keeps_failing_leaves_neither_a_backup_nor_its_dump()
    {
        var factory = new S3FaultHttpClientFactory
        {
            Fault = r => S3FaultHttpClientFactory.IsPutOf(r, BackupManifest.FileName)
                ? S3FaultHttpClientFactory.S3Error(HttpStatusCode.InternalServerError, "InternalError", "We encountered an internal error. Please try again.")
                : null,
        };
        await using var store = Store(factory);
        var handlers = new FaultBackupHandlers();

        await new BackupService(api: null).RunAsync(Request(store, FakePgDump.Complete(_dir, 100_000)), handlers.Handlers, null, CancellationToken.None);

        Assert.Empty(handlers.Completed);
        FaultAssert.Classified(Assert.Single(handlers.Failed).Error, StorageErrorIds.RequestFailed, OpsErrorCategory.ResourceUnavailable, "Retry");
        // The dump without its manifest is no backup, and the store still answers deletes: nothing needs to stay behind.
        await FaultAssert.StoresNothingAsync(store);
    }

    [Fact]
    public async Task A_manifest_write_that_is_denied_leaves_no_complete_backup()
    {
        var factory = new S3FaultHttpClientFactory
        {
            Fault = r => S3FaultHttpClientFactory.IsPutOf(r, BackupManifest.FileName)
                ? S3FaultHttpClientFactory.S3Error(HttpStatusCode.Forbidden, "AccessDenied", "Access Denied")
                : null,
        };
        await using var store = Store(factory);
        var handlers = new FaultBackupHandlers();

        await new BackupService(api: null).RunAsync(Request(store, FakePgDump.Complete(_dir, 100_000)), handlers.Handlers, null, CancellationToken.None);

        Assert.Empty(handlers.Completed);
        FaultAssert.Classified(Assert.Single(handlers.Failed).Error, StorageErrorIds.AccessDenied, OpsErrorCategory.PermissionDenied, "credentials");
        await FaultAssert.ListsOnlyAsync(store);
        var incomplete = await BackupListing.ListAsync(store, new BackupQuery { IncludeIncomplete = true }, CancellationToken.None);
        Assert.True(incomplete.Count <= 1, "more than one folder was left by one failed backup");
    }
}
