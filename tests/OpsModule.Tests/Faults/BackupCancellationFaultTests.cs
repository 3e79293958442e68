using System.Diagnostics;
using OpsModule.Core.Backup;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.S3;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Faults;

/// <summary>
/// Ctrl+C on Invoke-OpsBackup (BackupService, as the cmdlet's StopProcessing cancels it) while pg_dump is still streaming:
/// the stop surfaces as a stop, nothing new is listed, an S3 multipart upload is aborted, and retention does not run, so
/// the older backup it would have removed is still there.
/// </summary>
[Collection(S3Server.CollectionName)]
public sealed class BackupCancellationFaultTests(S3Server s3) : IDisposable
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(15);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Ctrl_C_while_the_dump_streams_into_a_folder_keeps_nothing_and_skips_retention()
    {
        var root = _dir.File("store");
        await using var store = BackupStoreFactory.Create(root);
        var older = await BackUpOnceAsync(store);
        var olderFiles = await FaultAssert.FilesAsync(store);
        using var cancel = new CancellationTokenSource();
        var handlers = new FaultBackupHandlers();
        var stopwatch = Stopwatch.StartNew();

        var run = new BackupService(api: null).RunAsync(KeepLastOne(store, FakePgDump.Hanging(_dir, 2_000_000)), handlers.Handlers, null, cancel.Token);
        await WaitUntilAsync(() => Directory.EnumerateFiles(root, "*.partial", SearchOption.AllDirectories).Any(f => new FileInfo(f).Length > 0), run);
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        AssertStopped(error, cancel.Token, handlers, stopwatch);
        await FaultAssert.ListsOnlyAsync(store, older.Id);
        Assert.Equal(olderFiles.Order(), (await FaultAssert.FilesAsync(store)).Order());
        Assert.Empty(Directory.EnumerateFiles(root, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Ctrl_C_while_the_dump_streams_into_s3_aborts_the_multipart_upload_and_skips_retention()
    {
        using var cancel = new CancellationTokenSource();
        var factory = new S3FaultHttpClientFactory();
        var options = s3.Options();
        await using var store = new S3BackupStore(s3.NewLocation(), new S3StoreOptions
        {
            ServiceUrl = options.ServiceUrl, AccessKey = options.AccessKey, SecretKey = options.SecretKey, PartSize = options.PartSize, HttpClientFactory = factory,
        });
        var older = await BackUpOnceAsync(store);
        var olderFiles = await FaultAssert.FilesAsync(store);
        var handlers = new FaultBackupHandlers();
        var partUploaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        factory.Answered = (request, response) =>
        {
            if (S3FaultHttpClientFactory.IsUploadPart(request, 1) && response.IsSuccessStatusCode)
            {
                partUploaded.TrySetResult();
            }
        };
        var stopwatch = Stopwatch.StartNew();

        // ~8 MB of rows before pg_dump hangs: the first 5 MiB part is uploaded while the dump is still running.
        var run = new BackupService(api: null).RunAsync(KeepLastOne(store, FakePgDump.Hanging(_dir, 6_000_000)), handlers.Handlers, null, cancel.Token);
        await Task.WhenAny(partUploaded.Task, run, Task.Delay(Prompt));
        Assert.True(partUploaded.Task.IsCompleted, "no part was uploaded while the dump streamed:\n" + string.Join("\n", factory.Requests));
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        AssertStopped(error, cancel.Token, handlers, stopwatch);
        Assert.Contains(factory.Requests, S3FaultHttpClientFactory.IsAbort);
        Assert.DoesNotContain(factory.Requests, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("uploadId=", StringComparison.Ordinal));
        await FaultAssert.ListsOnlyAsync(store, older.Id);
        Assert.Equal(olderFiles.Order(), (await FaultAssert.FilesAsync(store)).Order());
    }

    private async Task<OpsBackup> BackUpOnceAsync(IBackupStore store)
    {
        var handlers = new FaultBackupHandlers();
        await new BackupService(api: null).RunAsync(S3BackupFaultTests.Request(store, FakePgDump.Complete(_dir, 10_000)), handlers.Handlers, null, CancellationToken.None);
        Assert.Empty(handlers.Failed);
        return Assert.Single(handlers.Completed);
    }

    private static BackupServiceRequest KeepLastOne(IBackupStore store, string pgDump) =>
        S3BackupFaultTests.Request(store, pgDump) with { Retention = new RetentionPolicy(keepLast: 1) };

    private static void AssertStopped(OperationCanceledException error, CancellationToken stopToken, FaultBackupHandlers handlers, Stopwatch stopwatch)
    {
        var info = OpsErrorClassifier.Classify(error, stopToken);
        Assert.Equal((OpsErrorIds.Stopped, OpsErrorCategory.OperationStopped), (info.ErrorId, info.Category));
        Assert.True(stopwatch.Elapsed < Prompt, $"the stopped backup took {stopwatch.Elapsed} to end");
        Assert.Empty(handlers.Completed);
        Assert.Empty(handlers.Failed);
        Assert.Empty(handlers.RemovalAsked);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Task run)
    {
        var deadline = DateTime.UtcNow + Prompt;
        while (!condition())
        {
            if (run.IsCompleted)
            {
                await run;
                Assert.Fail("the backup ended before it could be stopped mid-dump");
            }

            Assert.True(DateTime.UtcNow < deadline, "the dump never reached the store");
            await Task.Delay(20);
        }
    }
}
