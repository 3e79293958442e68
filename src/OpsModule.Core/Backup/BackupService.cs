using OpsModule.Core.Backup.Config;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup;

/// <summary>
/// Invoke-OpsBackup: checks the store, picks the database pod, dumps each database in turn (one backup each; with
/// <see cref="BackupServiceRequest.IncludeConfig"/> each is a Full backup holding the dump and the namespace's configuration,
/// read for it), or with <see cref="BackupServiceRequest.ConfigOnly"/> takes a Config backup in the namespace's <c>_config</c>
/// folder; then applies retention to every group that got a new backup. Each backup is handed out as soon as it is complete; one failing database is reported
/// and the others go on. Store, pod and request problems stop the whole run (they fail every database alike).
/// </summary>
public sealed class BackupService
{
    private readonly IKubernetesApi? _api;
    private readonly TimeProvider _clock;

    /// <param name="api">The cluster; needed for pod dumps and config backups, not for connection-string dumps.</param>
    /// <param name="clock">Backup times and retention ages; the system clock by default.</param>
    public BackupService(IKubernetesApi? api, TimeProvider? clock = null)
    {
        _api = api;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task<BackupRunSummary> RunAsync(
        BackupServiceRequest request, BackupServiceHandlers handlers, IProgress<BackupServiceProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handlers);
        Validate(request);
        var store = request.Store;
        await store.CheckAccessAsync(cancellationToken);

        var backups = new List<OpsBackup>();
        var failures = new List<BackupFailure>();
        if (request.WantsDatabases)
        {
            await BackupDatabasesAsync(request, handlers, progress, backups, failures, cancellationToken);
        }

        if (request.ConfigOnly)
        {
            await BackupConfigAsync(request, handlers, progress, backups, failures, cancellationToken);
        }

        var retention = new List<RetentionDecision>();
        if (request.Retention is { IsEmpty: false } policy)
        {
            foreach (var backup in backups)
            {
                progress?.Report(new BackupServiceProgress("Retention", $"Applying retention to {backup.Context}/{backup.Namespace}/{backup.Database ?? BackupLayout.ConfigSegment}"));
                var scope = new BackupQuery
                {
                    Context = backup.Context,
                    Namespace = backup.Namespace,
                    Database = backup.Database,
                    Kind = backup.Kind == BackupKind.Config ? BackupKind.Config : null,
                };
                IReadOnlyList<RetentionDecision> decisions;
                try
                {
                    decisions = await BackupRetention.ApplyAsync(store, scope, policy, backup.Id, handlers.ConfirmRemoval, cancellationToken, _clock);
                }
                catch (Exception e) when (IsPerBackupFailure(e, cancellationToken))
                {
                    // The backup itself is done and emitted; a store that cannot be listed only skips this clean-up.
                    var failure = new BackupFailure($"retention of {StorePath.Parent(backup.FolderPath)}", backup.Database, e);
                    failures.Add(failure);
                    await handlers.Failed(failure);
                    continue;
                }

                // Report only this group, should the name filters (which take wildcards) reach others.
                var group = StorePath.Parent(backup.FolderPath);
                retention.AddRange(decisions.Where(d => StorePath.Parent(d.FolderPath) == group));
            }
        }

        return new BackupRunSummary(backups, failures, retention);
    }

    private async Task BackupDatabasesAsync(
        BackupServiceRequest request, BackupServiceHandlers handlers, IProgress<BackupServiceProgress>? progress,
        List<OpsBackup> backups, List<BackupFailure> failures, CancellationToken cancellationToken)
    {
        Func<string, DatabaseBackupSource> sourceFor;
        if (request.ConnectionString is { } connectionString)
        {
            sourceFor = database => new ConnectionStringDatabaseSource(connectionString, database) { PgDumpPath = request.PgDumpPath };
        }
        else
        {
            progress?.Report(new BackupServiceProgress("Selecting pod", $"Finding the database pod in namespace '{request.Namespace}'"));
            var (pod, note) = await DatabasePodFinder.FindAsync(_api!, request.Namespace!, request.PodName, request.Selector, BackupPodErrors.For, cancellationToken);
            progress?.Report(new BackupServiceProgress("Selecting pod", note ?? $"Dumping in pod {pod}"));
            sourceFor = database => new PodDatabaseSource(request.Namespace!, pod, database)
            {
                Context = request.Context,
                Container = request.Container,
                User = request.DbUser,
            };
        }

        var runner = new DatabaseBackupRunner(request.Store, _api?.CreateExecClient(), _clock);
        foreach (var database in request.Databases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var source = sourceFor(database);
            progress?.Report(new BackupServiceProgress("Database backup", $"Dumping {source.Describe()}"));
            var dumpProgress = progress is null ? null : new Forward(progress, source.Describe());
            DatabaseBackupResult result;
            try
            {
                result = await runner.RunAsync(
                    new DatabaseBackupRequest(source)
                    {
                        Format = request.Format,
                        CompressionLevel = request.CompressionLevel,
                        Companion = request.IncludeConfig ? ConfigCompanion(request, progress) : null,
                    },
                    dumpProgress, cancellationToken);
            }
            catch (Exception e) when (IsPerBackupFailure(e, cancellationToken))
            {
                var failure = new BackupFailure($"database {database}", database, e);
                failures.Add(failure);
                await handlers.Failed(failure);
                continue;
            }

            var backup = OpsBackup.FromResult(result, request.Store.Location);
            backups.Add(backup);
            await handlers.Completed(backup);
        }
    }

    private async Task BackupConfigAsync(
        BackupServiceRequest request, BackupServiceHandlers handlers, IProgress<BackupServiceProgress>? progress,
        List<OpsBackup> backups, List<BackupFailure> failures, CancellationToken cancellationToken)
    {
        progress?.Report(new BackupServiceProgress("Config backup", $"Saving the configuration of namespace '{request.Namespace}'"));
        var configProgress = progress is null ? null : new ForwardConfig(progress);
        ConfigBackupResult result;
        try
        {
            result = await new ConfigBackupRunner(_api!, request.Store, _clock).RunAsync(ConfigRequest(request), configProgress, cancellationToken);
        }
        catch (Exception e) when (IsPerBackupFailure(e, cancellationToken))
        {
            var failure = new BackupFailure($"config of namespace {request.Namespace}", null, e);
            failures.Add(failure);
            await handlers.Failed(failure);
            return;
        }

        var backup = OpsBackup.FromResult(result, request.Store.Location);
        backups.Add(backup);
        await handlers.Completed(backup);
    }

    private ConfigDumpCompanion ConfigCompanion(BackupServiceRequest request, IProgress<BackupServiceProgress>? progress) =>
        new(new ConfigBackupRunner(_api!, request.Store, _clock), ConfigRequest(request), progress is null ? null : new ForwardConfig(progress));

    private static ConfigBackupRequest ConfigRequest(BackupServiceRequest request) => new()
    {
        Namespace = request.Namespace!,
        Context = request.Context,
        Kinds = request.ConfigKinds,
        SecretEncryption = request.SecretEncryption,
        IncludeControllerOwned = request.IncludeControllerOwned,
    };

    private static bool IsPerBackupFailure(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && e is OpsException or KubernetesApiException or IOException or InvalidOperationException or UnauthorizedAccessException;

    private void Validate(BackupServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.Store, nameof(request.Store));
        string? problem = null;
        if (request.ConfigOnly && request.Databases.Count > 0)
        {
            problem = "-ConfigOnly takes no -Database.";
        }
        else if (request.WantsDatabases && request.Databases.Count == 0)
        {
            problem = "Name at least one -Database (or use -ConfigOnly).";
        }
        else if (request.Databases.Any(string.IsNullOrWhiteSpace))
        {
            problem = "A -Database name is empty.";
        }
        else if ((request.WantsConfig || (request.WantsDatabases && request.ConnectionString is null)) && string.IsNullOrWhiteSpace(request.Namespace))
        {
            problem = "Give -Namespace: the database pod and the configuration are looked up there.";
        }
        else if ((request.WantsConfig || (request.WantsDatabases && request.ConnectionString is null)) && _api is null)
        {
            problem = "A pod or config backup needs a Kubernetes connection (kubeconfig context).";
        }

        if (problem is not null)
        {
            throw new OpsException(BackupServiceErrorIds.InvalidRequest, OpsErrorCategory.InvalidArgument, problem, problem, null);
        }
    }

    private sealed class Forward(IProgress<BackupServiceProgress> target, string source) : IProgress<DatabaseBackupProgress>
    {
        public void Report(DatabaseBackupProgress value) =>
            target.Report(new BackupServiceProgress("Database backup", $"Dumping {source}", value));
    }

    private sealed class ForwardConfig(IProgress<BackupServiceProgress> target) : IProgress<ConfigBackupProgress>
    {
        public void Report(ConfigBackupProgress value) =>
            target.Report(new BackupServiceProgress("Config backup", $"{value.Stage} {value.Objects} {value.Kind} ({value.KindsDone}/{value.KindsTotal} kinds)"));
    }
}
