using k8s.Models;
using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using OpsModule.Core.Backup;
using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Restore;

/// <summary>
/// Restores a Database backup into a server (local psql / pg_restore against a connection string) or a pod (psql /
/// pg_restore in the pod through exec, the dump streamed to stdin).
/// <para>
/// Nothing half-restored, ever: the dump goes into a NEW scratch database (<c>&lt;target&gt;_rst_&lt;random&gt;</c>) while its
/// stored bytes pass a SHA-256 and a byte count. Only when the bytes match the manifest and psql / pg_restore exited 0 is
/// the scratch database renamed to the target (the old target is renamed away and dropped, in one transaction with the
/// rename). A damaged or truncated dump, a failing tool, a cancellation or a lost connection drop the scratch database, and
/// the target is exactly as before. This works the same for Plain and Custom dumps and on pods, where a transaction cannot
/// be held open across the hash check of a streamed pg_restore.
/// </para>
/// <para>
/// v4-only exec servers cannot close stdin: Plain dumps get a trailing <c>\q</c> so psql ends by itself; Custom dumps run as
/// <c>head -c &lt;size&gt; | pg_restore</c> (sh and head must exist in the image, as in the official postgres images).
/// </para>
/// </summary>
public sealed class DatabaseRestoreRunner
{
    private const int BufferSize = 128 * 1024;
    private const int MaxDatabaseNameBytes = 63;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);
    private static readonly byte[] QuitCommand = "\n\\q\n"u8.ToArray();

    private readonly IBackupStore _store;
    private readonly IKubernetesApi? _kubernetes;
    private readonly TimeProvider _clock;

    /// <param name="store">The store holding the backup (<c>BackupStoreFactory.Create(backup.StoreLocation)</c>).</param>
    /// <param name="kubernetes">Needed for pod targets and for scaling deployments.</param>
    /// <param name="clock">Start time and duration; the system clock by default.</param>
    public DatabaseRestoreRunner(IBackupStore store, IKubernetesApi? kubernetes = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _kubernetes = kubernetes;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task<OpsRestoreResult> RunAsync(
        DatabaseRestoreRequest request, IProgress<DatabaseRestoreProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var backup = request.Backup;
        var (manifest, dumpFile) = Restorable(backup);
        var database = request.TargetDatabase ?? backup.Database ?? manifest.Source.Database
            ?? throw new ArgumentException("The backup names no database; pass TargetDatabase.", nameof(request));
        ValidateName(database);
        var scaling = request.ScaleDown.Count > 0 || !string.IsNullOrWhiteSpace(request.ScaleDownSelector);
        await using var client = CreateClient(request.Target);
        var scaleNamespace = scaling ? ScaleNamespace(request) : null;
        var startedAt = _clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var maintenance = request.Target.MaintenanceDatabase;
        var describeTarget = request.Target switch
        {
            PodRestoreTarget pod => $"{pod.Describe()}/{database}",
            _ => $"{request.Target.Describe()}/{database}",
        };

        if (request.Target is PodRestoreTarget podTarget && _kubernetes is not null)
        {
            // A missing or stopped pod is named as such (not as a failed exec) before anything is touched.
            await PodRestoreTargetFinder.FindAsync(_kubernetes, podTarget.Namespace, podTarget.Pod, null, cancellationToken).ConfigureAwait(false);
        }

        // Refuse a non-empty target before anything (scaling included) is touched.
        var exists = RestoreSql.ParseCount(await client.QueryAsync(maintenance, RestoreSql.DatabaseExists(database), cancellationToken).ConfigureAwait(false)) > 0;
        if (exists && !request.Force)
        {
            var tables = RestoreSql.ParseCount(await client.QueryAsync(database, RestoreSql.UserTableCount, cancellationToken).ConfigureAwait(false));
            if (tables > 0)
            {
                throw new OpsException(
                    DatabaseRestoreErrorIds.TargetNotEmpty, OpsErrorCategory.ResourceExists,
                    $"The database {describeTarget} is not empty ({tables} tables). Nothing was changed.",
                    "Pass -Force to replace it (its current content is dropped), or restore under another name with -TargetDatabase.",
                    describeTarget);
            }
        }

        var scaled = new List<OpsScaledDeployment>();
        var scaler = scaling ? new DeploymentScaler(_kubernetes!, scaleNamespace!) : null;
        long bytes;
        IReadOnlyList<OpsRestoreMismatch> mismatches;
        IReadOnlyDictionary<(string, string), long>? loadedRows;
        try
        {
            if (scaler is not null)
            {
                progress?.Report(new DatabaseRestoreProgress(database, DatabaseRestoreStage.ScalingDown, 0, dumpFile.Size, stopwatch.Elapsed));
                var deployments = await scaler.ResolveAsync(request.ScaleDown, request.ScaleDownSelector, cancellationToken).ConfigureAwait(false);
                foreach (var deployment in deployments)
                {
                    var replicas = await scaler.ScaleToZeroAsync(deployment, cancellationToken).ConfigureAwait(false);
                    scaled.Add(new OpsScaledDeployment(scaleNamespace!, deployment.Name(), replicas));
                }

                await scaler.WaitForPodsGoneAsync(deployments, request.ScaleDownTimeout, cancellationToken).ConfigureAwait(false);
            }

            var scratch = ScratchName(database);
            try
            {
                await client.QueryAsync(maintenance, $"CREATE DATABASE {RestoreSql.Identifier(scratch)} TEMPLATE template0", cancellationToken).ConfigureAwait(false);
                (bytes, loadedRows) = await RestoreIntoAsync(client, request, manifest.Format!.Value, dumpFile, scratch, describeTarget, progress, stopwatch, database, cancellationToken)
                    .ConfigureAwait(false);
                progress?.Report(new DatabaseRestoreProgress(database, DatabaseRestoreStage.Swapping, bytes, dumpFile.Size, stopwatch.Elapsed));
                cancellationToken.ThrowIfCancellationRequested();
                await WaitForRestoreSessionToEndAsync(client, maintenance, scratch).ConfigureAwait(false);
                await SwapAsync(client, maintenance, scratch, database, exists).ConfigureAwait(false);
            }
            catch
            {
                await DropQuietlyAsync(client, maintenance, scratch).ConfigureAwait(false);
                throw;
            }

            progress?.Report(new DatabaseRestoreProgress(database, DatabaseRestoreStage.Verifying, bytes, dumpFile.Size, stopwatch.Elapsed));
            mismatches = await VerifyAsync(client, database, manifest.Tables, loadedRows, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (scaler is not null && scaled.Count > 0)
            {
                progress?.Report(new DatabaseRestoreProgress(database, DatabaseRestoreStage.ScalingUp, 0, dumpFile.Size, stopwatch.Elapsed));
                await ScaleBackAsync(scaler, scaled).ConfigureAwait(false);
            }
        }

        progress?.Report(new DatabaseRestoreProgress(database, DatabaseRestoreStage.Completed, bytes, dumpFile.Size, stopwatch.Elapsed));
        return new OpsRestoreResult
        {
            BackupId = backup.Id,
            Source = backup.Location,
            Target = describeTarget,
            TargetDatabase = database,
            StartedAt = startedAt,
            DurationSeconds = Seconds.Of(stopwatch.Elapsed),
            Bytes = bytes,
            TablesVerified = manifest.Tables.Count,
            Mismatches = mismatches,
            ScaledDeployments = scaled,
            Verified = mismatches.Count == 0,
        };
    }

    private static (BackupManifest Manifest, BackupFileEntry DumpFile) Restorable(OpsBackup backup)
    {
        ArgumentNullException.ThrowIfNull(backup);
        var manifest = backup.Manifest;
        if (manifest is null || backup.Status != BackupStatus.Complete)
        {
            throw NotRestorable(backup, $"backup {backup.Id} at {backup.Location} is not complete (it has no manifest){(backup.Problem is { } p ? ": " + p : string.Empty)}");
        }

        if (manifest.Kind == BackupKind.Config || manifest.Format is null)
        {
            throw NotRestorable(backup, $"backup {backup.Id} is a {manifest.Kind} backup without a database dump");
        }

        var dumpFile = OpsBackup.DumpFile(manifest) ?? throw NotRestorable(backup, $"the manifest of backup {backup.Id} lists no dump file");
        return (manifest, dumpFile);
    }

    private IRestoreClient CreateClient(DatabaseRestoreTarget target) => target switch
    {
        ConnectionStringRestoreTarget local => new LocalRestoreClient(local, keepConnection: true),
        PodRestoreTarget pod => new PodRestoreClient(
            (_kubernetes ?? throw new ArgumentException("A pod target needs the Kubernetes client.", nameof(target))).CreateExecClient(), pod),
        _ => throw new ArgumentException($"Unknown restore target {target?.GetType().Name}.", nameof(target)),
    };

    private string ScaleNamespace(DatabaseRestoreRequest request)
    {
        if (_kubernetes is null)
        {
            throw new ArgumentException("Scaling deployments needs the Kubernetes client.", nameof(request));
        }

        return request.ScaleDownNamespace ?? (request.Target as PodRestoreTarget)?.Namespace
            ?? throw new ArgumentException("Scaling deployments for a connection-string target needs ScaleDownNamespace.", nameof(request));
    }

    /// <returns>The stored bytes read, and the rows psql reported loading per table (null when it reported none, e.g. pg_restore).</returns>
    private async Task<(long Bytes, IReadOnlyDictionary<(string, string), long>? LoadedRows)> RestoreIntoAsync(
        IRestoreClient client, DatabaseRestoreRequest request, BackupFormat format, BackupFileEntry dumpFile, string scratch, string describeTarget,
        IProgress<DatabaseRestoreProgress>? progress, Stopwatch stopwatch, string database, CancellationToken cancellationToken)
    {
        var backup = request.Backup;
        await using var stored = await _store.OpenReadAsync(StorePath.Join(backup.FolderPath, dumpFile.Name), cancellationToken).ConfigureAwait(false);
        await using var hashing = new HashingStream(stored, leaveOpen: true);
        var (tool, arguments) = ToolCommand(format, request);
        var filter = format == BackupFormat.Plain ? new PlainDumpFilter { DropOwnership = request.NoOwner, DropPrivileges = request.NoPrivileges } : null;
        var filtered = new ArrayBufferWriter<byte>(BufferSize + 1024);
        await using var process = await client.StartAsync(tool, arguments, scratch, dumpFile.Size, cancellationToken).ConfigureAwait(false);
        await using var kill = cancellationToken.Register(process.Kill);
        Stream source = format == BackupFormat.Plain ? new GZipStream(hashing, CompressionMode.Decompress, leaveOpen: true) : hashing;
        var toolStopped = false;
        try
        {
            var buffer = new byte[BufferSize];
            var lastReport = TimeSpan.Zero;
            while (true)
            {
                int read;
                try
                {
                    read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidDataException e)
                {
                    process.Kill();
                    await DrainAsync(hashing, cancellationToken).ConfigureAwait(false);
                    throw RestoreErrors.Corrupt(backup.Location, $"{dumpFile.Name} cannot be decompressed ({e.Message})", e);
                }

                if (read == 0)
                {
                    filtered.ResetWrittenCount();
                    filter?.Flush(filter.PassesThrough ? null : filtered);
                    if (filtered.WrittenCount > 0 && !await TryWriteAsync(process, filtered.WrittenMemory, cancellationToken).ConfigureAwait(false))
                    {
                        toolStopped = true;
                    }

                    break;
                }

                ReadOnlyMemory<byte> data = buffer.AsMemory(0, read);
                if (filter is { PassesThrough: true })
                {
                    filter.Transform(data.Span, null);
                }
                else if (filter is not null)
                {
                    filtered.ResetWrittenCount();
                    filter.Transform(data.Span, filtered);
                    data = filtered.WrittenMemory;
                }

                if (!await TryWriteAsync(process, data, cancellationToken).ConfigureAwait(false))
                {
                    toolStopped = true;
                    break;
                }

                if (progress is not null && (lastReport == TimeSpan.Zero || stopwatch.Elapsed - lastReport >= ProgressInterval))
                {
                    lastReport = stopwatch.Elapsed;
                    progress.Report(new DatabaseRestoreProgress(database, DatabaseRestoreStage.Restoring, hashing.BytesProcessed, dumpFile.Size, stopwatch.Elapsed));
                }
            }
        }
        finally
        {
            if (!ReferenceEquals(source, hashing))
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }

        // Whatever the tool did, the stored bytes decide first: a damaged file is reported as such (the scratch database is dropped).
        await DrainAsync(hashing, cancellationToken).ConfigureAwait(false);
        var sha256 = hashing.GetSha256();
        if (hashing.BytesProcessed != dumpFile.Size || !string.Equals(sha256, dumpFile.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            process.Kill();
            throw RestoreErrors.Corrupt(backup.Location,
                hashing.BytesProcessed != dumpFile.Size
                    ? $"{dumpFile.Name} has {hashing.BytesProcessed} bytes, the manifest says {dumpFile.Size}"
                    : $"the SHA-256 of {dumpFile.Name} is {sha256}, the manifest says {dumpFile.Sha256}");
        }

        if (!toolStopped && format == BackupFormat.Plain)
        {
            // Ends psql even where stdin cannot be closed (v4 exec).
            toolStopped = !await TryWriteAsync(process, QuitCommand, cancellationToken).ConfigureAwait(false);
        }

        await process.CloseInputAsync(cancellationToken).ConfigureAwait(false);
        int exitCode;
        try
        {
            exitCode = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or KubernetesApiException)
        {
            throw RestoreErrors.ToolFailed(describeTarget, database, $"{tool} did not finish: {e.Message}", e);
        }

        if (exitCode != 0)
        {
            throw RestoreErrors.ToolFailed(describeTarget, database, $"{tool} exited with code {exitCode}: {await process.ErrorTextAsync().ConfigureAwait(false)}");
        }

        return (hashing.BytesProcessed, filter is null ? null : LoadedRows(filter.CopyTables, await process.CopyRowCountsAsync().ConfigureAwait(false)));
    }

    private static (string Tool, string[] Arguments) ToolCommand(BackupFormat format, DatabaseRestoreRequest request)
    {
        if (format == BackupFormat.Plain)
        {
            // Not quiet: psql's "COPY n" tags on stdout are the rows the server loaded per table, the row-count check's data.
            return ("psql", ["-X", "-v", "ON_ERROR_STOP=1"]);
        }

        var arguments = new List<string> { "--exit-on-error", "--single-transaction" };
        if (request.NoOwner)
        {
            arguments.Add("--no-owner");
        }

        if (request.NoPrivileges)
        {
            arguments.Add("--no-privileges");
        }

        return ("pg_restore", arguments.ToArray());
    }

    /// <summary>Pairs the COPY blocks of the stream with psql's COPY tags (in the same order); null when they do not pair up.</summary>
    private static IReadOnlyDictionary<(string, string), long>? LoadedRows(IReadOnlyList<(string Schema, string Name)> tables, IReadOnlyList<long> counts)
    {
        if (tables.Count != counts.Count)
        {
            return null;
        }

        var rows = new Dictionary<(string, string), long>();
        for (var i = 0; i < tables.Count; i++)
        {
            rows[tables[i]] = rows.GetValueOrDefault(tables[i]) + counts[i];
        }

        return rows;
    }

    private static async Task<bool> TryWriteAsync(IRestoreTool process, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await process.Input.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            // The tool stopped reading (it failed, e.g. ON_ERROR_STOP): its exit code and stderr say why.
            return false;
        }
    }

    private static async Task DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    /// <summary>
    /// The server session of the psql / pg_restore that just exited may take a moment to end, and ALTER DATABASE … RENAME waits
    /// for it in steps of 100 ms. Where queries are cheap (one open connection), poll for it every 10 ms instead.
    /// </summary>
    private static async Task WaitForRestoreSessionToEndAsync(IRestoreClient client, string maintenance, string scratch)
    {
        if (client is not LocalRestoreClient)
        {
            return;
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(2)
               && RestoreSql.ParseCount(await client.QueryAsync(maintenance, RestoreSql.SessionCount(scratch), CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Renames the scratch database to the target; an existing target is renamed away in the same transaction, then dropped.</summary>
    private static async Task SwapAsync(IRestoreClient client, string maintenance, string scratch, string database, bool exists)
    {
        // From here on the restore is complete: a late cancellation must not leave the swap half done.
        var none = CancellationToken.None;
        if (!exists)
        {
            await client.QueryAsync(maintenance, $"ALTER DATABASE {RestoreSql.Identifier(scratch)} RENAME TO {RestoreSql.Identifier(database)}", none).ConfigureAwait(false);
            return;
        }

        var old = ScratchName(database, "old");
        var swap = $"BEGIN; ALTER DATABASE {RestoreSql.Identifier(database)} RENAME TO {RestoreSql.Identifier(old)}; " +
                   $"ALTER DATABASE {RestoreSql.Identifier(scratch)} RENAME TO {RestoreSql.Identifier(database)}; COMMIT;";
        for (var attempt = 1; ; attempt++)
        {
            // Sessions on the old database block the rename (the applications were scaled down; these are stragglers).
            await client.QueryAsync(maintenance, RestoreSql.TerminateConnections(database), none).ConfigureAwait(false);
            try
            {
                await client.QueryAsync(maintenance, swap, none).ConfigureAwait(false);
                break;
            }
            catch (OpsException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), none).ConfigureAwait(false);
            }
        }

        await DropQuietlyAsync(client, maintenance, old).ConfigureAwait(false);
    }

    private static async Task DropQuietlyAsync(IRestoreClient client, string maintenance, string database)
    {
        try
        {
            await client.QueryAsync(maintenance, $"DROP DATABASE IF EXISTS {RestoreSql.Identifier(database)} WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
        }
        catch (OpsException)
        {
            // The original failure matters more; a leftover scratch database is named *_rst_* and harmless.
        }
    }

    /// <summary>
    /// Compares the manifest's row counts with the restored database. Tables psql reported loading (<paramref name="loadedRows"/>:
    /// the server's own COPY counts into the scratch database, which nothing else could reach before the swap) are not scanned
    /// again; every other table of the manifest is counted with count(*). Every table must exist after the swap.
    /// </summary>
    private static async Task<IReadOnlyList<OpsRestoreMismatch>> VerifyAsync(
        IRestoreClient client, string database, IReadOnlyList<BackupTableRowCount> expected,
        IReadOnlyDictionary<(string, string), long>? loadedRows, CancellationToken cancellationToken)
    {
        if (expected.Count == 0)
        {
            return [];
        }

        var present = new HashSet<(string, string)>();
        foreach (var row in RestoreSql.ParseJson(await client.QueryAsync(database, RestoreSql.UserTablesJson, cancellationToken).ConfigureAwait(false)).EnumerateArray())
        {
            present.Add((row[0].GetString()!, row[1].GetString()!));
        }

        var actual = new Dictionary<(string, string), long>();
        foreach (var table in expected.Select(t => (t.Schema, t.Name)).Where(present.Contains))
        {
            if (loadedRows is not null && loadedRows.TryGetValue(table, out var loaded))
            {
                actual[table] = loaded;
            }
        }

        var toCount = expected.Select(t => (t.Schema, t.Name)).Where(t => present.Contains(t) && !actual.ContainsKey(t)).Distinct().ToList();
        if (toCount.Count > 0)
        {
            foreach (var row in RestoreSql.ParseJson(await client.QueryAsync(database, RestoreSql.CountsJson(toCount), cancellationToken).ConfigureAwait(false)).EnumerateArray())
            {
                actual[(row[0].GetString()!, row[1].GetString()!)] = row[2].GetInt64();
            }
        }

        return expected
            .Where(t => !actual.TryGetValue((t.Schema, t.Name), out var rows) || rows != t.Rows)
            .Select(t => new OpsRestoreMismatch(t.Schema, t.Name, t.Rows, actual.TryGetValue((t.Schema, t.Name), out var rows) ? rows : null))
            .ToList();
    }

    private static async Task ScaleBackAsync(DeploymentScaler scaler, List<OpsScaledDeployment> scaled)
    {
        List<Exception>? failures = null;
        foreach (var deployment in scaled)
        {
            try
            {
                // Not the caller's token: a cancelled restore must still bring the applications back.
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                await scaler.SetReplicasAsync(deployment.Name, deployment.Replicas, timeout.Token).ConfigureAwait(false);
                deployment.Restored = true;
            }
            catch (Exception e) when (e is KubernetesApiException or OperationCanceledException or HttpRequestException)
            {
                (failures ??= []).Add(e);
            }
        }

        if (failures is not null)
        {
            var names = string.Join(", ", scaled.Where(d => !d.Restored).Select(d => $"{d.Name} to {d.Replicas}"));
            throw new OpsException(
                DatabaseRestoreErrorIds.ScaleDownFailed, OpsErrorCategory.ConnectionError,
                $"Scaling back failed for: {names}. Scale them by hand.",
                $"kubectl scale deployment <name> --replicas=<n> -n {scaled[0].Namespace}", names, new AggregateException(failures));
        }
    }

    private static string ScratchName(string database, string tag = "rst")
    {
        var suffix = $"_{tag}_{Guid.NewGuid().ToString("N")[..8]}";
        var prefix = database;
        while (System.Text.Encoding.UTF8.GetByteCount(prefix) + suffix.Length > MaxDatabaseNameBytes)
        {
            prefix = prefix[..^1];
        }

        return prefix + suffix;
    }

    private static void ValidateName(string database)
    {
        if (string.IsNullOrWhiteSpace(database) || System.Text.Encoding.UTF8.GetByteCount(database) > MaxDatabaseNameBytes || database.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{database}' is not a valid PostgreSQL database name (1-63 bytes).", nameof(database));
        }
    }

    private static OpsException NotRestorable(OpsBackup backup, string reason) => new(
        DatabaseRestoreErrorIds.NotRestorable, OpsErrorCategory.InvalidArgument,
        $"Cannot restore: {reason}. Nothing was changed.",
        "Pick a complete Database backup: Get-OpsBackup -Database <db> -Latest.",
        backup.Location);
}
