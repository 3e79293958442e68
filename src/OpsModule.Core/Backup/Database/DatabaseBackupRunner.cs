using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Exec;
using OpsModule.Core.Postgres.Endpoints;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Database;

/// <summary>
/// Backs up one database: pg_dump (in the pod through exec, or a local process) streamed into a backup store, with the
/// manifest written last.
/// <list type="bullet">
/// <item>Plain: pg_dump's SQL passes a <see cref="PlainDumpInspector"/> (row counts of every COPY block, versions from the
/// header, the "dump complete" marker) and a gzip stream into the store. Nothing is buffered whole, no temp file.</item>
/// <item>Custom: the archive is stored as pg_dump writes it. Its rows are counted in a REPEATABLE READ transaction whose
/// exported snapshot pg_dump uses (<c>--snapshot</c>), so the counts describe the same data (<see cref="ISnapshotSession"/>):
/// over Npgsql for connection strings, over a psql session in the pod for pod backups.</item>
/// </list>
/// Any failure or cancellation stops pg_dump, aborts the store write and writes no manifest: nothing lists as a backup.
/// pg_dump runs through the source's <see cref="IPostgresEndpoint"/> (<see cref="DatabaseBackupSource.CreateEndpoint"/>).
/// </summary>
public sealed class DatabaseBackupRunner
{
    private const int BufferSize = 128 * 1024;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(60);

    private readonly IBackupStore _store;
    private readonly PodExecClient? _exec;
    private readonly TimeProvider _clock;

    /// <param name="store">Where the backup goes.</param>
    /// <param name="exec">Needed for <see cref="PodDatabaseSource"/> (<c>IKubernetesApi.CreateExecClient()</c>).</param>
    /// <param name="clock">Start/end times; the system clock by default.</param>
    public DatabaseBackupRunner(IBackupStore store, PodExecClient? exec = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _exec = exec;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task<DatabaseBackupResult> RunAsync(
        DatabaseBackupRequest request, IProgress<DatabaseBackupProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        GzipLevel.Validate(request.CompressionLevel);
        var source = request.Source;
        await using var endpoint = source.CreateEndpoint(_exec);
        var startedAt = _clock.GetUtcNow();
        var id = request.Id ?? BackupLayout.NewId();
        var (context, @namespace) = source.Placement(request.Companion);
        var folder = BackupLayout.FolderPath(context, @namespace, source.Database, startedAt, id);
        try
        {
            return await RunInFolderAsync(request, endpoint, folder, id, startedAt, (context, @namespace), progress, cancellationToken);
        }
        catch
        {
            // The dump's own write is aborted by then; companion files, or a dump whose manifest could not be written,
            // would otherwise stay behind, unlisted.
            await RemoveFolderAsync(folder);
            throw;
        }
    }

    private async Task<DatabaseBackupResult> RunInFolderAsync(
        DatabaseBackupRequest request, IPostgresEndpoint endpoint, string folder, string id, DateTimeOffset startedAt,
        (string? Context, string? Namespace) placement, IProgress<DatabaseBackupProgress>? progress, CancellationToken cancellationToken)
    {
        var source = request.Source;
        var fileName = source.Database + (request.Format == BackupFormat.Custom ? ".dump" : ".sql.gz");

        // Companion files first: they are small and fail fast (unknown namespace, no permission) before a long dump.
        var companionFiles = request.Companion is { } companion
            ? await companion.WriteIntoAsync(folder, cancellationToken)
            : [];

        await using var snapshot = request.Format == BackupFormat.Custom
            ? await source.OpenSnapshotAsync(endpoint, cancellationToken)
            : null;
        var pgDumpVersion = request.Format == BackupFormat.Custom ? await PgDumpVersionAsync(endpoint, source, cancellationToken) : null;

        await using var output = await _store.OpenWriteAsync(StorePath.Join(folder, fileName), cancellationToken);
        var arguments = PgDumpArguments.For(request.Format, request.CompressionLevel, snapshot?.SnapshotId);
        await using var dump = await endpoint.StartAsync(PostgresClientTool.PgDump, arguments, source.Database, PostgresToolInput.None, cancellationToken);
        var inspector = request.Format == BackupFormat.Plain ? new PlainDumpInspector() : null;
        StoredFile stored;
        long dumped;
        try
        {
            // Not every pipe read honours the token: killing pg_dump ends the stream for sure.
            await using (cancellationToken.Register(dump.Kill))
            {
                dumped = await CopyAsync(dump, inspector, output, request, progress, cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            await EnsureSucceededAsync(dump, inspector, source, cancellationToken);
            stored = await output.CompleteAsync(cancellationToken);
        }
        catch
        {
            dump.Kill();
            await output.AbortAsync();
            throw;
        }

        var manifest = new BackupManifest
        {
            Id = id,
            Kind = request.Companion is null ? BackupKind.Database : BackupKind.Full,
            Source = source.ManifestSource(placement.Context, placement.Namespace),
            Format = request.Format,
            Compression = request.Format == BackupFormat.Plain ? BackupCompression.Gzip(GzipLevel.Effective(request.CompressionLevel)) : null,
            Files = [BackupFileEntry.From(stored), .. companionFiles.Select(BackupFileEntry.From)],
            StartedAt = startedAt,
            CompletedAt = _clock.GetUtcNow(),
            ServerVersion = inspector?.ServerVersion ?? snapshot?.ServerVersion,
            PgDumpVersion = inspector?.PgDumpVersion ?? pgDumpVersion,
            Tables = inspector?.Tables ?? snapshot?.Tables ?? [],
            ModuleVersion = request.ModuleVersion ?? ModuleVersion(),
        };

        // The manifest goes last: only now is this folder a backup.
        await _store.WriteTextAsync(StorePath.Join(folder, BackupManifest.FileName), BackupManifestSerializer.Serialize(manifest), cancellationToken);
        progress?.Report(new DatabaseBackupProgress(source.Database, dumped, stored.Size, _clock.GetUtcNow() - startedAt, true));
        return new DatabaseBackupResult(manifest, folder, _store.Location.Describe(folder));
    }

    private async Task<long> CopyAsync(
        IPostgresToolProcess dump, PlainDumpInspector? inspector, BackupWriteStream output, DatabaseBackupRequest request,
        IProgress<DatabaseBackupProgress>? progress, CancellationToken cancellationToken)
    {
        var database = request.Source.Database;
        var stopwatch = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        long dumped = 0;
        var gzip = inspector is null ? null : new GZipStream(output, GzipLevel.ToDotNet(request.CompressionLevel), leaveOpen: true);
        try
        {
            Stream target = gzip ?? (Stream)output;
            var buffer = new byte[BufferSize];
            int read;
            while ((read = await ReadDumpAsync(dump, buffer, request.Source, cancellationToken)) > 0)
            {
                inspector?.Observe(buffer.AsSpan(0, read));
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                dumped += read;
                if (progress is not null && stopwatch.Elapsed - lastReport >= ProgressInterval)
                {
                    lastReport = stopwatch.Elapsed;
                    progress.Report(new DatabaseBackupProgress(database, dumped, output.BytesWritten, stopwatch.Elapsed, false));
                }
            }

            if (gzip is not null)
            {
                await gzip.DisposeAsync(); // writes the gzip trailer into the store stream
                gzip = null;
            }

            return dumped;
        }
        finally
        {
            if (gzip is not null)
            {
                // Failure path: the store stream is about to be aborted; the gzip tail has nowhere to go.
                try
                {
                    await output.AbortAsync();
                    await gzip.DisposeAsync();
                }
                catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or IOException or NotSupportedException)
                {
                    // Nothing of the aborted file is kept anyway.
                }
            }
        }
    }

    private static async Task<int> ReadDumpAsync(IPostgresToolProcess dump, byte[] buffer, DatabaseBackupSource source, CancellationToken cancellationToken)
    {
        try
        {
            return await dump.Output.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException e)
        {
            throw Interrupted(source, $"the pg_dump output stream broke off ({e.Message})", e);
        }
    }

    private static async Task EnsureSucceededAsync(IPostgresToolProcess dump, PlainDumpInspector? inspector, DatabaseBackupSource source, CancellationToken cancellationToken)
    {
        int exitCode;
        try
        {
            exitCode = await dump.WaitForExitAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw Interrupted(source, e.Message, e);
        }
        catch (KubernetesApiException e) when (PodPostgresEndpoint.IsCommandMissing(e))
        {
            throw source.PgDumpMissing(e);
        }
        catch (KubernetesApiException e)
        {
            throw Failed(source, $"pg_dump could not run in the pod: {e.Message}", e);
        }

        if (exitCode != 0)
        {
            var stderr = await dump.ErrorTextAsync();
            throw Failed(source, $"pg_dump of {source.Describe()} exited with code {exitCode}: {Shorten(stderr)}", null);
        }

        if (inspector is not null && (inspector.InsideCopy || !inspector.SawCompleteMarker))
        {
            throw Interrupted(source, "the dump ends without pg_dump's 'dump complete' marker (the output is truncated)", null);
        }
    }

    private static async Task<string?> PgDumpVersionAsync(IPostgresEndpoint endpoint, DatabaseBackupSource source, CancellationToken cancellationToken)
    {
        try
        {
            var output = await endpoint.CaptureAsync(PostgresClientTool.PgDump, ["--version"], null, 64 * 1024, cancellationToken);
            return output.Succeeded ? VersionText.Extract(output.StandardOutput) : null;
        }
        catch (Exception e) when (e is KubernetesApiException or IOException)
        {
            throw Failed(source, $"Cannot run pg_dump in {source.Describe()}: {e.Message}", e);
        }
    }

    private async Task RemoveFolderAsync(string folder)
    {
        using var timeout = new CancellationTokenSource(CleanupTimeout);
        try
        {
            await _store.DeleteFolderAsync(folder, timeout.Token);
        }
        catch (Exception e) when (e is OpsException or IOException or OperationCanceledException or UnauthorizedAccessException)
        {
            // Best effort: without manifest.json the leftovers never list as a backup.
        }
    }

    private static string? ModuleVersion() =>
        typeof(DatabaseBackupRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];

    private static string Shorten(string text) => DatabaseBackupErrors.Shorten(text);

    private static OpsException Failed(DatabaseBackupSource source, string message, Exception? inner) => DatabaseBackupErrors.Failed(source, message, inner);

    private static OpsException Interrupted(DatabaseBackupSource source, string reason, Exception? inner) => DatabaseBackupErrors.Interrupted(source, reason, inner);
}
