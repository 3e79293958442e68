using System.Diagnostics;
using System.Net;
using OpsModule.Core.Backup;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.AzureBlob;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Faults;

/// <summary>
/// Invoke-OpsBackup (BackupService) into Azure Blob Storage when it misbehaves: a 500 on one block, a rejected key, a missing
/// container, Ctrl+C while blocks are staged. Real Azurite; the faults are answered under the SDK's pipeline (AzureFaultHandler).
/// pg_dump is a stand-in script writing a well-formed dump, so no database is needed and sizes can span several blocks.
/// </summary>
[Collection(AzuriteServer.CollectionName)]
public sealed class AzureBlobBackupFaultTests(AzuriteServer azure) : IDisposable
{
    private const int BlockSize = 1024 * 1024;
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(15);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private AzureBlobStore Store(AzureFaultHandler handler, string? location = null, string? accountKey = null)
    {
        var options = azure.Options(BlockSize);
        return new AzureBlobStore(location ?? azure.NewLocation(), new AzureBlobStoreOptions
        {
            ServiceUrl = options.ServiceUrl,
            AccountName = options.AccountName,
            AccountKey = accountKey ?? options.AccountKey,
            BlockSize = options.BlockSize,
            MaxRetries = options.MaxRetries,
            RetryDelay = options.RetryDelay,
            Transport = handler.Transport,
        });
    }

    [Fact]
    public async Task A_500_on_every_try_of_block_2_fails_the_backup_commits_nothing_and_lists_nothing()
    {
        var handler = new AzureFaultHandler
        {
            Fault = r => AzureFaultHandler.IsStageBlock(r, 2) ? AzureFaultHandler.AzureError(HttpStatusCode.InternalServerError, "InternalError", "Server encountered an internal error.") : null,
        };
        await using var store = Store(handler);
        var handlers = new FaultBackupHandlers();

        // ~3 MB of compressed rows: several 1 MiB blocks.
        var summary = await new BackupService(api: null).RunAsync(
            S3BackupFaultTests.Request(store, FakePgDump.Complete(_dir, 9_000_000)), handlers.Handlers, null, CancellationToken.None);

        Assert.Empty(handlers.Completed);
        Assert.Empty(summary.Backups);
        var info = FaultAssert.Classified(Assert.Single(handlers.Failed).Error, StorageErrorIds.RequestFailed, OpsErrorCategory.ResourceUnavailable, "Retry");
        FaultAssert.Mentions("block 2", info.Message);
        FaultAssert.Mentions("500", info.Message);
        var requests = handler.Requests;
        Assert.True(requests.Count(r => AzureFaultHandler.IsStageBlock(r) && r.EndsWith("-> 500", StringComparison.Ordinal)) >= 2,
            "the SDK did not retry the failing block:\n" + string.Join("\n", requests));
        Assert.DoesNotContain(requests, AzureFaultHandler.IsCommit);
        Assert.DoesNotContain(requests, r => r.Contains(BackupManifest.FileName, StringComparison.Ordinal));
        await FaultAssert.StoresNothingAsync(store);
    }

    [Fact]
    public async Task A_block_that_fails_once_is_retried_and_the_backup_is_whole()
    {
        var failures = 0;
        var handler = new AzureFaultHandler
        {
            Fault = r => AzureFaultHandler.IsStageBlock(r, 2) && Interlocked.Increment(ref failures) == 1
                ? AzureFaultHandler.AzureError(HttpStatusCode.ServiceUnavailable, "ServerBusy", "The server is currently unable to receive requests.")
                : null,
        };
        await using var store = Store(handler);
        var handlers = new FaultBackupHandlers();

        await new BackupService(api: null).RunAsync(S3BackupFaultTests.Request(store, FakePgDump.Complete(_dir, 9_000_000)), handlers.Handlers, null, CancellationToken.None);

        Assert.Empty(handlers.Failed);
        var backup = Assert.Single(handlers.Completed);
        await using (var stored = await store.OpenReadAsync(StorePath.Join(backup.FolderPath, backup.Files[0])))
        {
            Assert.Equal(backup.Sha256, Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(stored)));
        }

        await FaultAssert.ListsOnlyAsync(store, backup.Id);
    }

    [Fact]
    public async Task A_wrong_account_key_stops_the_run_before_pg_dump_starts()
    {
        var handler = new AzureFaultHandler();
        await using var store = Store(handler, accountKey: Convert.ToBase64String(new byte[64]));
        var ran = _dir.File("pg_dump-ran");

        var error = await Assert.ThrowsAsync<OpsException>(() => new BackupService(api: null).RunAsync(
            S3BackupFaultTests.Request(store, FakePgDump.Complete(_dir, 1000, ran)), new FaultBackupHandlers().Handlers, null, CancellationToken.None));

        FaultAssert.Classified(error, StorageErrorIds.AuthenticationFailed, OpsErrorCategory.AuthenticationError, "account key");
        Assert.All(handler.Requests, r => Assert.EndsWith("-> 403", r, StringComparison.Ordinal));
        Assert.False(File.Exists(ran), "pg_dump ran although the store rejected the key");
    }

    [Fact]
    public async Task A_missing_container_stops_the_run_before_pg_dump_starts()
    {
        await using var store = Store(new AzureFaultHandler(), $"azblob://{AzuriteServer.AccountName}/missing-{Guid.NewGuid():N}"[..40] + "/backups");
        var ran = _dir.File("pg_dump-ran");

        var error = await Assert.ThrowsAsync<OpsException>(() => new BackupService(api: null).RunAsync(
            S3BackupFaultTests.Request(store, FakePgDump.Complete(_dir, 1000, ran)), new FaultBackupHandlers().Handlers, null, CancellationToken.None));

        var info = FaultAssert.Classified(error, StorageErrorIds.BucketNotFound, OpsErrorCategory.ObjectNotFound, "Create the container");
        FaultAssert.Mentions("missing-", info.Message);
        Assert.False(File.Exists(ran), "pg_dump ran although the container does not exist");
    }

    [Fact]
    public async Task Ctrl_C_while_blocks_are_staged_commits_nothing_and_keeps_the_older_backup()
    {
        var handler = new AzureFaultHandler();
        await using var store = Store(handler);
        var olderHandlers = new FaultBackupHandlers();
        await new BackupService(api: null).RunAsync(S3BackupFaultTests.Request(store, FakePgDump.Complete(_dir, 10_000)), olderHandlers.Handlers, null, CancellationToken.None);
        var older = Assert.Single(olderHandlers.Completed);
        var olderFiles = await FaultAssert.FilesAsync(store);
        using var cancel = new CancellationTokenSource();
        var blockStaged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        handler.Answered = (request, response) =>
        {
            if (AzureFaultHandler.IsStageBlock(request, 1) && response.IsSuccessStatusCode)
            {
                blockStaged.TrySetResult();
            }
        };
        var handlers = new FaultBackupHandlers();
        var stopwatch = Stopwatch.StartNew();

        var request = S3BackupFaultTests.Request(store, FakePgDump.Hanging(_dir, 6_000_000)) with { Retention = new RetentionPolicy(keepLast: 1) };
        var run = new BackupService(api: null).RunAsync(request, handlers.Handlers, null, cancel.Token);
        await Task.WhenAny(blockStaged.Task, run, Task.Delay(Prompt));
        Assert.True(blockStaged.Task.IsCompleted, "no block was staged while the dump streamed:\n" + string.Join("\n", handler.Requests));
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(OpsErrorIds.Stopped, OpsErrorClassifier.Classify(error, cancel.Token).ErrorId);
        Assert.True(stopwatch.Elapsed < Prompt, $"the stopped backup took {stopwatch.Elapsed} to end");
        Assert.Empty(handlers.Completed);
        Assert.Empty(handlers.RemovalAsked);
        Assert.DoesNotContain(handler.Requests, AzureFaultHandler.IsCommit);
        await FaultAssert.ListsOnlyAsync(store, older.Id);
        Assert.Equal(olderFiles.Order(), (await FaultAssert.FilesAsync(store)).Order());
    }
}
