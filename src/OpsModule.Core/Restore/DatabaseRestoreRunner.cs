using OpsModule.Core.Backup;
using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Postgres.Endpoints;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Restore;

/// <summary>
/// Restores a Database backup into a server (local psql / pg_restore against a connection string) or a pod (psql /
/// pg_restore in the pod through exec, the dump streamed to stdin), through the target's <see cref="IPostgresEndpoint"/>.
/// <para>
/// Nothing half-restored, ever: the dump goes into a new scratch database while its stored bytes pass a SHA-256 and a byte
/// count (<see cref="DumpLoader"/>). Only when the bytes match the manifest and psql / pg_restore exited 0 does the scratch
/// database replace the target (<see cref="ScratchDatabaseSwap"/>). A damaged or truncated dump, a failing tool, a
/// cancellation or a lost connection drop the scratch database, and the target is exactly as before. This works the same
/// for Plain and Custom dumps and on pods, where a transaction cannot be held open across the hash check of a streamed pg_restore.
/// Then the row counts are checked against the manifest (<see cref="RestoreVerification"/>).
/// </para>
/// <para>
/// v4-only exec servers cannot close stdin: Plain dumps get a trailing <c>\q</c> so psql ends by itself; Custom dumps run as
/// <c>head -c &lt;size&gt; | pg_restore</c> (sh and head must exist in the image, as in the official postgres images).
/// </para>
/// </summary>
public sealed class DatabaseRestoreRunner
{
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

    /// <remarks>A pod target is taken as found (<see cref="PodRestoreTargetFinder"/>); one that does not exist fails at the first query.</remarks>
    public async Task<OpsRestoreResult> RunAsync(
        DatabaseRestoreRequest request, IProgress<DatabaseRestoreProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var backup = request.Backup;
        var (manifest, dumpFile) = Restorable(backup);
        var database = request.TargetDatabase ?? backup.Database ?? manifest.Source.Database
            ?? throw new ArgumentException("The backup names no database; pass TargetDatabase.", nameof(request));
        ScratchDatabaseSwap.ValidateName(database);
        var scaler = ScalerFor(request);
        await using var endpoint = request.Target.CreateEndpoint(_kubernetes);
        var startedAt = _clock.GetUtcNow();
        var reporter = new RestoreProgressReporter(progress, database, dumpFile.Size);
        var describeTarget = $"{request.Target.Describe()}/{database}";
        var maintenance = request.Target.MaintenanceDatabase;

        // Refuse a non-empty target before anything (scaling included) is touched.
        var exists = RestoreSql.ParseCount(await endpoint.QueryAsync(maintenance, RestoreSql.DatabaseExists(database), cancellationToken)) > 0;
        if (exists && !request.Force)
        {
            await RefuseIfNotEmptyAsync(endpoint, database, describeTarget, cancellationToken);
        }

        var scaled = new List<OpsScaledDeployment>();
        long bytes;
        IReadOnlyList<OpsRestoreMismatch> mismatches;
        try
        {
            if (scaler is not null)
            {
                reporter.Report(DatabaseRestoreStage.ScalingDown, 0);
                await scaler.ScaleDownAsync(request, scaled, cancellationToken);
            }

            var swap = new ScratchDatabaseSwap(endpoint, maintenance);
            var scratch = await swap.CreateAsync(database, cancellationToken);
            IReadOnlyDictionary<(string, string), long>? loadedRows;
            try
            {
                var loader = new DumpLoader(_store, request, manifest.Format!.Value, dumpFile, describeTarget);
                (bytes, loadedRows) = await loader.LoadAsync(endpoint, scratch, database, reporter, cancellationToken);
                reporter.Report(DatabaseRestoreStage.Swapping, bytes);
                cancellationToken.ThrowIfCancellationRequested();
                await swap.ReplaceAsync(scratch, database, exists);
            }
            catch
            {
                await swap.DropQuietlyAsync(scratch);
                throw;
            }

            reporter.Report(DatabaseRestoreStage.Verifying, bytes);
            mismatches = await RestoreVerification.VerifyAsync(endpoint, database, manifest.Tables, loadedRows, cancellationToken);
        }
        finally
        {
            if (scaler is not null && scaled.Count > 0)
            {
                reporter.Report(DatabaseRestoreStage.ScalingUp, 0);
                await scaler.ScaleBackAsync(scaled);
            }
        }

        reporter.Report(DatabaseRestoreStage.Completed, bytes);
        return new OpsRestoreResult
        {
            BackupId = backup.Id,
            Source = backup.Location,
            Target = describeTarget,
            TargetDatabase = database,
            StartedAt = startedAt,
            DurationSeconds = Seconds.Of(reporter.Elapsed),
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

    private DeploymentScaler? ScalerFor(DatabaseRestoreRequest request)
    {
        if (request.ScaleDown.Count == 0 && string.IsNullOrWhiteSpace(request.ScaleDownSelector))
        {
            return null;
        }

        if (_kubernetes is null)
        {
            throw new ArgumentException("Scaling deployments needs the Kubernetes client.", nameof(request));
        }

        var @namespace = request.ScaleDownNamespace ?? request.Target.KubernetesNamespace
            ?? throw new ArgumentException("Scaling deployments for a connection-string target needs ScaleDownNamespace.", nameof(request));
        return new DeploymentScaler(_kubernetes, @namespace);
    }

    private static async Task RefuseIfNotEmptyAsync(IPostgresEndpoint endpoint, string database, string describeTarget, CancellationToken cancellationToken)
    {
        var tables = RestoreSql.ParseCount(await endpoint.QueryAsync(database, RestoreSql.UserTableCount, cancellationToken));
        if (tables > 0)
        {
            throw new OpsException(
                DatabaseRestoreErrorIds.TargetNotEmpty, OpsErrorCategory.ResourceExists,
                $"The database {describeTarget} is not empty ({tables} tables). Nothing was changed.",
                "Pass -Force to replace it (its current content is dropped), or restore under another name with -TargetDatabase.",
                describeTarget);
        }
    }

    private static OpsException NotRestorable(OpsBackup backup, string reason) => new(
        DatabaseRestoreErrorIds.NotRestorable, OpsErrorCategory.InvalidArgument,
        $"Cannot restore: {reason}. Nothing was changed.",
        "Pick a complete Database backup: Get-OpsBackup -Database <db> -Latest.",
        backup.Location);
}
