using System.Diagnostics;
using OpsModule.Core.Backup;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Core.Storage.Folder;
using OpsModule.Core.Storage.S3;

namespace OpsModule.Benchmarks.Backup;

/// <summary>
/// At each scale: a pgbench database, then interleaved runs of (a) our backup vs (b) <c>pg_dump | gzip -6 &gt; file</c> and
/// (c) our restore vs (d) <c>createdb; gunzip -c | psql</c>, and (when s3cmd is installed) (e) our backup to S3 (s3rver) vs
/// (f) <c>pg_dump | gzip -6 | s3cmd put - s3://…</c>, while sampling this process's memory during our runs.
/// </summary>
internal sealed class BackupBenchmark(BackupBenchOptions options, TextWriter log)
{
    private const string SourceDatabase = "bench";

    public async Task<IReadOnlyList<SizeMeasurement>> RunAsync()
    {
        var scales = options.MemoryScale == options.Scale ? [options.Scale] : new[] { options.MemoryScale, options.Scale }.Order().ToArray();
        var results = new List<SizeMeasurement>();
        foreach (var scale in scales)
        {
            results.Add(await MeasureScaleAsync(scale));
        }

        return results;
    }

    private async Task<SizeMeasurement> MeasureScaleAsync(int scale)
    {
        await using var server = await BenchPostgres.StartAsync(options.BinDirectory);
        var work = Directory.CreateTempSubdirectory("opsmodule-bench-backup-").FullName;
        try
        {
            return await MeasureAsync(server, scale, work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task<SizeMeasurement> MeasureAsync(BenchPostgres server, int scale, string work)
    {
        var databaseBytes = await server.CreatePgbenchDatabaseAsync(SourceDatabase, scale, log);

        var store = new LocalBackupStore(Path.Combine(work, "store"));
        var theirFile = Path.Combine(work, "theirs.sql.gz");
        var source = new ConnectionStringDatabaseSource(server.ConnectionString(SourceDatabase)) { PgDumpPath = server.Tool("pg_dump") };
        var target = new ConnectionStringRestoreTarget(server.ConnectionString()) { ClientBinDirectory = server.BinDirectory };

        var ourBackup = new List<double>();
        var theirBackup = new List<double>();
        var ourRestore = new List<double>();
        var theirRestore = new List<double>();
        var verification = new List<double>();
        var dotNetGzip = new List<double>();
        var gnuGzip = new List<double>();
        long dumpBytes = 0, ourGzip = 0;
        DatabaseBackupResult? lastBackup = null;
        await using var sampler = new MemorySampler();
        for (var run = 1; run <= options.Runs; run++)
        {
            // Alternate who goes first so page-cache warmth does not favour one side.
            var oursFirst = run % 2 == 1;
            for (var turn = 0; turn < 2; turn++)
            {
                if ((turn == 0) == oursFirst)
                {
                    if (lastBackup is not null)
                    {
                        await store.DeleteFolderAsync(lastBackup.FolderPath);
                    }

                    var progress = new LastBackupProgress();
                    var watch = Stopwatch.StartNew();
                    lastBackup = await new DatabaseBackupRunner(store).RunAsync(
                        new DatabaseBackupRequest(source) { Format = BackupFormat.Plain, CompressionLevel = 6 }, progress, CancellationToken.None);
                    ourBackup.Add(watch.Elapsed.TotalSeconds);
                    dumpBytes = progress.Last?.BytesDumped ?? 0;
                    ourGzip = lastBackup.DumpFile.Size;
                }
                else
                {
                    var watch = Stopwatch.StartNew();
                    await ProcessRunner.BashAsync(
                        $"'{server.Tool("pg_dump")}' -d {SourceDatabase} | gzip -6 > '{theirFile}'", server.AddClientEnvironment);
                    theirBackup.Add(watch.Elapsed.TotalSeconds);
                }
            }

            log.WriteLine($"[scale {scale}] run {run}: backup ours {ourBackup[^1]:F2}s, pg_dump|gzip {theirBackup[^1]:F2}s");
        }

        var (ourS3, theirS3) = await MeasureS3Async(server, source, scale);
        var backup = OpsBackup.FromResult(lastBackup!, store.Location);
        // One untimed restore of each side first: the process's first restore pays JIT and Npgsql start-up, and whichever restore
        // runs first after the backups pays the server's and the kernel's write-back of what came before (seen: +30 % at 1 GB).
        await new DatabaseRestoreRunner(store).RunAsync(new DatabaseRestoreRequest(backup, target) { TargetDatabase = "r_warmup" }, null, CancellationToken.None);
        await server.ExecuteAsync("DROP DATABASE r_warmup");
        await ProcessRunner.BashAsync(
            $"'{server.Tool("createdb")}' t_warmup && gunzip -c '{theirFile}' | '{server.Tool("psql")}' -X -q -v ON_ERROR_STOP=1 -d t_warmup > /dev/null",
            server.AddClientEnvironment);
        await server.ExecuteAsync("DROP DATABASE t_warmup");

        for (var run = 1; run <= options.Runs; run++)
        {
            var oursFirst = run % 2 == 1;
            for (var turn = 0; turn < 2; turn++)
            {
                if ((turn == 0) == oursFirst)
                {
                    var database = $"r_ours_{run}";
                    var watch = Stopwatch.StartNew();
                    var restored = await new DatabaseRestoreRunner(store).RunAsync(
                        new DatabaseRestoreRequest(backup, target) { TargetDatabase = database }, null, CancellationToken.None);
                    ourRestore.Add(watch.Elapsed.TotalSeconds);
                    if (!restored.Verified)
                    {
                        throw new InvalidOperationException($"Our restore into {database} reported {restored.Mismatches.Count} row-count mismatches.");
                    }

                    await server.ExecuteAsync($"DROP DATABASE {database}");
                }
                else
                {
                    var database = $"r_theirs_{run}";
                    var watch = Stopwatch.StartNew();
                    await ProcessRunner.BashAsync(
                        $"'{server.Tool("createdb")}' {database} && gunzip -c '{theirFile}' | '{server.Tool("psql")}' -X -q -v ON_ERROR_STOP=1 -d {database} > /dev/null",
                        server.AddClientEnvironment);
                    theirRestore.Add(watch.Elapsed.TotalSeconds);

                    // What a count(*) verification would add (our Plain restore reads the loaded rows from psql's COPY tags instead).
                    watch.Restart();
                    foreach (var table in backup.Tables)
                    {
                        await server.ScalarAsync($"SELECT count(*) FROM \"{table.Schema}\".\"{table.Name}\"", database);
                    }

                    verification.Add(watch.Elapsed.TotalSeconds);
                    await server.ExecuteAsync($"DROP DATABASE {database}");
                }
            }

            log.WriteLine($"[scale {scale}] run {run}: restore ours {ourRestore[^1]:F2}s, gunzip|psql {theirRestore[^1]:F2}s");
        }

        var plainDump = Path.Combine(work, "dump.sql");
        await ProcessRunner.BashAsync($"gunzip -c '{theirFile}' > '{plainDump}'");
        for (var run = 1; run <= options.Runs; run++)
        {
            var (dotNet, gnu) = await CompressorComparison.MeasureAsync(plainDump);
            dotNetGzip.Add(dotNet);
            gnuGzip.Add(gnu);
        }

        log.WriteLine($"[scale {scale}] compressor only: GZipStream Optimal {SizeMeasurement.Median(dotNetGzip):F2}s, gzip -6 {SizeMeasurement.Median(gnuGzip):F2}s");
        using var self = Process.GetCurrentProcess();
        return new SizeMeasurement(
            scale, databaseBytes, dumpBytes, ourGzip, new FileInfo(theirFile).Length,
            ourBackup, theirBackup, ourRestore, theirRestore, verification, dotNetGzip, gnuGzip, ourS3, theirS3,
            sampler.MaxWorkingSet, sampler.MaxManaged, self.PeakWorkingSet64, GC.GetTotalMemory(forceFullCollection: true));
    }

    /// <summary>Backup to S3, ours vs <c>pg_dump | gzip -6 | s3cmd put -</c>, interleaved; empty lists when s3cmd is missing or --no-s3.</summary>
    private async Task<(List<double> Ours, List<double> Theirs)> MeasureS3Async(BenchPostgres server, ConnectionStringDatabaseSource source, int scale)
    {
        var ours = new List<double>();
        var theirs = new List<double>();
        var s3cmd = options.S3 ? BenchS3Server.FindS3cmd() : null;
        if (s3cmd is null)
        {
            log.WriteLine(options.S3 ? $"[scale {scale}] S3 comparison skipped: {BackupReport.S3cmdMissing}" : $"[scale {scale}] S3 comparison skipped (--no-s3)");
            return (ours, theirs);
        }

        await using var s3 = await BenchS3Server.StartAsync();
        await using var store = new S3BackupStore($"s3://{BenchS3Server.Bucket}/ours", s3.StoreOptions);
        DatabaseBackupResult? last = null;
        for (var run = 1; run <= options.Runs; run++)
        {
            var oursFirst = run % 2 == 1;
            for (var turn = 0; turn < 2; turn++)
            {
                if ((turn == 0) == oursFirst && last is not null)
                {
                    // Clearing the previous run's folder is housekeeping of the harness, not part of a backup.
                    await store.DeleteFolderAsync(last.FolderPath);
                }

                var watch = Stopwatch.StartNew();
                if ((turn == 0) == oursFirst)
                {
                    last = await new DatabaseBackupRunner(store).RunAsync(
                        new DatabaseBackupRequest(source) { Format = BackupFormat.Plain, CompressionLevel = 6 }, null, CancellationToken.None);
                    ours.Add(watch.Elapsed.TotalSeconds);
                }
                else
                {
                    await ProcessRunner.BashAsync(
                        $"'{server.Tool("pg_dump")}' -d bench | gzip -6 | '{s3cmd}' -c '{s3.S3cmdConfig}' --no-progress put - s3://{BenchS3Server.Bucket}/theirs/run{run}.sql.gz",
                        server.AddClientEnvironment);
                    theirs.Add(watch.Elapsed.TotalSeconds);
                }
            }

            log.WriteLine($"[scale {scale}] run {run}: backup to S3 ours {ours[^1]:F2}s, pg_dump|gzip|s3cmd put {theirs[^1]:F2}s");
        }

        return (ours, theirs);
    }
}
