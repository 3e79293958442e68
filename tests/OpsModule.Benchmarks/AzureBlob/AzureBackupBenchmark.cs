using System.Diagnostics;
using Azure.Storage.Blobs;
using OpsModule.Benchmarks.Backup;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Storage.AzureBlob;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Support;

namespace OpsModule.Benchmarks.AzureBlob;

/// <summary>
/// A pgbench database, then interleaved runs (who goes first alternates) of (a) our backup into Azure Blob Storage (Azurite):
/// DatabaseBackupRunner streaming into staged blocks, hashing, manifest last; vs (b) <c>pg_dump | gzip -6 &gt; file</c> followed by
/// a plain Azure SDK upload of that file (<c>BlobClient.UploadAsync(path)</c>, the SDK's default transfer options). Memory of this
/// process is sampled during our runs only.
/// </summary>
internal sealed class AzureBackupBenchmark(AzureBenchOptions options, TextWriter log)
{
    private const string SourceDatabase = "bench";

    public async Task<AzureBackupMeasurement> RunAsync()
    {
        await using var server = await BenchPostgres.StartAsync(options.BinDirectory);
        await using var azure = await AzuriteServer.StartAsync("bench");
        var work = Directory.CreateTempSubdirectory("opsmodule-bench-azure-").FullName;
        try
        {
            return await MeasureAsync(server, azure, work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task<AzureBackupMeasurement> MeasureAsync(BenchPostgres server, AzuriteServer azure, string work)
    {
        var scale = options.Scale;
        var databaseBytes = await server.CreatePgbenchDatabaseAsync(SourceDatabase, scale, log);

        var source = new ConnectionStringDatabaseSource(server.ConnectionString(SourceDatabase)) { PgDumpPath = server.Tool("pg_dump") };
        var keyOnly = azure.Options();
        await using var store = new AzureBlobStore($"azblob://{AzuriteServer.AccountName}/bench/ours", new AzureBlobStoreOptions
        {
            ServiceUrl = keyOnly.ServiceUrl, AccountName = keyOnly.AccountName, AccountKey = keyOnly.AccountKey,
        });
        var theirContainer = azure.ContainerClient("bench");
        var theirFile = Path.Combine(work, "theirs.sql.gz");
        var ours = new List<double>();
        var theirDump = new List<double>();
        var theirUpload = new List<double>();
        long dumpBytes = 0, ourBytes = 0;
        long maxWorkingSet = 0, maxManaged = 0;
        DatabaseBackupResult? last = null;
        for (var run = 1; run <= options.Runs; run++)
        {
            var oursFirst = run % 2 == 1;
            for (var turn = 0; turn < 2; turn++)
            {
                if ((turn == 0) == oursFirst)
                {
                    if (last is not null)
                    {
                        // Clearing the previous run's folder is housekeeping of the harness, not part of a backup.
                        await store.DeleteFolderAsync(last.FolderPath);
                    }

                    var progress = new LastBackupProgress();
                    var sampler = new MemorySampler();
                    var watch = Stopwatch.StartNew();
                    try
                    {
                        last = await new DatabaseBackupRunner(store).RunAsync(
                            new DatabaseBackupRequest(source) { Format = BackupFormat.Plain, CompressionLevel = 6 }, progress, CancellationToken.None);
                        ours.Add(watch.Elapsed.TotalSeconds);
                    }
                    finally
                    {
                        await sampler.DisposeAsync();
                    }

                    maxWorkingSet = Math.Max(maxWorkingSet, sampler.MaxWorkingSet);
                    maxManaged = Math.Max(maxManaged, sampler.MaxManaged);
                    dumpBytes = progress.Last?.BytesDumped ?? 0;
                    ourBytes = last.DumpFile.Size;
                }
                else
                {
                    var watch = Stopwatch.StartNew();
                    await ProcessRunner.BashAsync($"'{server.Tool("pg_dump")}' -d {SourceDatabase} | gzip -6 > '{theirFile}'", server.AddClientEnvironment);
                    theirDump.Add(watch.Elapsed.TotalSeconds);
                    watch.Restart();
                    await theirContainer.GetBlobClient($"theirs/run{run}.sql.gz").UploadAsync(theirFile, overwrite: true);
                    theirUpload.Add(watch.Elapsed.TotalSeconds);
                }
            }

            log.WriteLine($"[scale {scale}] run {run}: ours {ours[^1]:F2}s, pg_dump|gzip {theirDump[^1]:F2}s + SDK upload {theirUpload[^1]:F2}s");
        }

        return new AzureBackupMeasurement(scale, databaseBytes, dumpBytes, ourBytes, new FileInfo(theirFile).Length,
            ours, theirDump, theirUpload, maxWorkingSet, maxManaged);
    }
}
