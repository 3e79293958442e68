using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;

namespace OpsModule.Core.DisasterRecovery;

/// <summary>
/// The monthly DR drill as one call (Test-DisasterRecovery): primary reachable, RPO, checksum + restore into a scratch
/// database, verify, RTO, cleanup. Every step is timed and reported; a failed step never throws, it makes the result
/// <c>Passed = false</c>. The scratch database is dropped in every case (failure and cancellation included) unless
/// <see cref="DisasterRecoveryDrillRequest.KeepScratch"/>; a cancellation is rethrown after that cleanup.
/// </summary>
public sealed class DisasterRecoveryDrill
{
    private const int MaxDatabaseNameBytes = 63;

    private readonly IBackupStore _store;
    private readonly IKubernetesApi? _targetKubernetes;
    private readonly IKubernetesApi? _primaryKubernetes;
    private readonly TimeProvider _clock;

    /// <param name="store">The store holding the backup.</param>
    /// <param name="targetKubernetes">The cluster of a <see cref="PodRestoreTarget"/> (the DR cluster, or the primary).</param>
    /// <param name="primaryKubernetes">The primary cluster, for the PrimaryReachable step; null skips that step.</param>
    /// <param name="clock">RPO reference time and the result's timestamp; the system clock by default.</param>
    public DisasterRecoveryDrill(IBackupStore store, IKubernetesApi? targetKubernetes = null, IKubernetesApi? primaryKubernetes = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _targetKubernetes = targetKubernetes;
        _primaryKubernetes = primaryKubernetes;
        _clock = clock ?? TimeProvider.System;
    }

    public Task<OpsDrTestResult> RunAsync(DisasterRecoveryDrillRequest request, CancellationToken cancellationToken) =>
        RunAsync(request, null, cancellationToken);

    /// <param name="request">The backup, the target and the drill's targets.</param>
    /// <param name="progress">Each step as it starts, and the bytes restored so far.</param>
    /// <param name="cancellationToken">Ctrl+C: the scratch database is still dropped, then the cancellation is rethrown.</param>
    public async Task<OpsDrTestResult> RunAsync(
        DisasterRecoveryDrillRequest request, IProgress<DisasterRecoveryProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Backup);
        ArgumentNullException.ThrowIfNull(request.Target);
        var backup = request.Backup;
        var database = backup.Database ?? backup.Manifest?.Source.Database ?? string.Empty;
        var timestamp = _clock.GetUtcNow();
        var scratch = request.ScratchDatabase ?? DefaultScratchName(database, timestamp);
        await using var scratchClient = new ScratchDatabaseClient(request.Target, _targetKubernetes);
        var steps = new List<OpsDrTestStep>();

        progress?.Report(new DisasterRecoveryProgress(DisasterRecoveryStepNames.PrimaryReachable, "Checking the primary cluster"));
        steps.Add(await PrimaryReachableAsync(cancellationToken));
        var (rpoStep, measuredRpo) = Rpo(backup.CompletedAt, request.RpoTarget);
        steps.Add(rpoStep);

        OpsRestoreResult? restored = null;
        TimeSpan? measuredRto = null;
        var ownsScratch = false;
        try
        {
            var restoreStopwatch = Stopwatch.StartNew();
            OpsDrTestStep restoreStep;
            try
            {
                // Never restore over (nor later drop) a database the drill did not create.
                progress?.Report(new DisasterRecoveryProgress(DisasterRecoveryStepNames.ChecksumAndRestore, $"Restoring backup {backup.Id} into {scratch}"));
                ownsScratch = !await scratchClient.ExistsAsync(scratch, cancellationToken);
                (restoreStep, restored) = ownsScratch
                    ? await RestoreAsync(request, scratch, restoreStopwatch, progress, cancellationToken)
                    : (Failed(DisasterRecoveryStepNames.ChecksumAndRestore, restoreStopwatch,
                        $"The scratch database {scratch} already exists on {request.Target.Describe()}; pick another name or drop it."), null);
            }
            catch (Exception e) when (IsStepFailure(e, cancellationToken))
            {
                restoreStep = Failed(DisasterRecoveryStepNames.ChecksumAndRestore, restoreStopwatch, e.Message);
            }

            steps.Add(restoreStep);
            if (restored is null)
            {
                steps.Add(Skipped(DisasterRecoveryStepNames.Verify, "Not run: the restore failed."));
                steps.Add(Skipped(DisasterRecoveryStepNames.Rto, "Not measured: the restore failed."));
            }
            else
            {
                progress?.Report(new DisasterRecoveryProgress(DisasterRecoveryStepNames.Verify, $"Verifying {scratch}"));
                var verifyStep = await VerifyAsync(request.VerifyQueries, restored, scratch, scratchClient, cancellationToken);
                steps.Add(verifyStep);
                measuredRto = TimeSpan.FromSeconds(restoreStep.DurationSeconds + verifyStep.DurationSeconds);
                steps.Add(Compare(DisasterRecoveryStepNames.Rto, "RTO (restore + verify)", measuredRto.Value, request.RtoTarget));
            }
        }
        finally
        {
            // Runs on failure and cancellation too; on cancellation the step is lost with the exception, the drop is not.
            progress?.Report(new DisasterRecoveryProgress(DisasterRecoveryStepNames.Cleanup, $"Dropping {scratch}"));
            steps.Add(await CleanupAsync(request, scratch, scratchClient, ownsScratch));
        }

        return new OpsDrTestResult
        {
            BackupId = backup.Id,
            Database = database,
            ScratchDatabase = scratch,
            Target = request.Target.Describe(),
            Steps = steps,
            MeasuredRpoSeconds = Seconds.Of(measuredRpo),
            RpoTargetSeconds = Seconds.Of(request.RpoTarget),
            MeasuredRtoSeconds = Seconds.Of(measuredRto),
            RtoTargetSeconds = Seconds.Of(request.RtoTarget),
            RowCountsMatched = restored?.Verified ?? false,
            Passed = steps.All(s => s.Passed != false),
            Timestamp = timestamp,
        };
    }

    /// <summary><c>dr_&lt;db&gt;_&lt;yyyyMMddHHmmss&gt;</c>, the database part shortened to fit PostgreSQL's 63 bytes.</summary>
    public static string DefaultScratchName(string database, DateTimeOffset now)
    {
        var suffix = "_" + now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var middle = database;
        while (middle.Length > 0 && Encoding.UTF8.GetByteCount("dr_" + middle + suffix) > MaxDatabaseNameBytes)
        {
            middle = middle[..^1];
        }

        return "dr_" + middle + suffix;
    }

    private async Task<OpsDrTestStep> PrimaryReachableAsync(CancellationToken cancellationToken)
    {
        if (_primaryKubernetes is null)
        {
            return Skipped(DisasterRecoveryStepNames.PrimaryReachable, "Skipped: no primary cluster given.");
        }

        var stopwatch = Stopwatch.StartNew();
        try
        {
            var version = await _primaryKubernetes.GetVersionAsync(cancellationToken);
            var nodes = await _primaryKubernetes.ListAsync<V1Node>(null, null, cancellationToken);
            var notReady = nodes.Where(n => !IsReady(n)).Select(n => n.Metadata.Name).ToList();
            var ready = nodes.Count - notReady.Count;
            var passed = nodes.Count > 0 && notReady.Count == 0;
            var message = $"API server {version} answers; {ready}/{nodes.Count} nodes Ready" +
                          (notReady.Count > 0 ? $" (not Ready: {string.Join(", ", notReady)})." : ".");
            return new OpsDrTestStep(DisasterRecoveryStepNames.PrimaryReachable, passed, stopwatch.Elapsed, message);
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new OpsDrTestStep(DisasterRecoveryStepNames.PrimaryReachable, false, stopwatch.Elapsed, $"The primary cluster did not answer: {e.Message}");
        }
    }

    private static bool IsReady(V1Node node) =>
        node.Status.Conditions?.Any(c => c.Type == "Ready" && string.Equals(c.Status, "True", StringComparison.OrdinalIgnoreCase)) == true;

    private (OpsDrTestStep Step, TimeSpan? Measured) Rpo(DateTimeOffset? completedAt, TimeSpan target)
    {
        if (completedAt is null)
        {
            return (new OpsDrTestStep(DisasterRecoveryStepNames.Rpo, false, TimeSpan.Zero, "The backup has no end time (it is not complete)."), null);
        }

        var measured = _clock.GetUtcNow() - completedAt.Value;
        return (Compare(DisasterRecoveryStepNames.Rpo, "RPO (now - backup end)", measured, target), measured);
    }

    private async Task<(OpsDrTestStep Step, OpsRestoreResult? Result)> RestoreAsync(
        DisasterRecoveryDrillRequest request, string scratch, Stopwatch stopwatch, IProgress<DisasterRecoveryProgress>? progress,
        CancellationToken cancellationToken)
    {
        // The runner checks size and SHA-256 while streaming, drops its own half-restored database on any failure,
        // and compares the row counts with the manifest.
        var runner = new DatabaseRestoreRunner(_store, _targetKubernetes, _clock);
        var restoreProgress = progress is null ? null : new ForwardRestore(progress);
        var result = await runner.RunAsync(new DatabaseRestoreRequest(request.Backup, request.Target)
        {
            TargetDatabase = scratch,
            NoOwner = request.NoOwner,
            NoPrivileges = request.NoPrivileges,
        }, restoreProgress, cancellationToken);
        return (new OpsDrTestStep(DisasterRecoveryStepNames.ChecksumAndRestore, true, stopwatch.Elapsed,
            $"Size and SHA-256 match the manifest; {result.Bytes} bytes restored into {result.Target}."), result);
    }

    private static async Task<OpsDrTestStep> VerifyAsync(
        IReadOnlyList<string> queries, OpsRestoreResult restored, string scratch, ScratchDatabaseClient scratchClient, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var problems = new List<string>();
        if (!restored.Verified)
        {
            problems.Add($"row counts differ from the manifest: {string.Join("; ", restored.Mismatches)}");
        }

        for (var i = 0; i < queries.Count; i++)
        {
            try
            {
                if (!await scratchClient.ReturnsRowsAsync(scratch, queries[i], cancellationToken))
                {
                    problems.Add($"verify query {i + 1} returned no rows");
                }
            }
            catch (Exception e) when (IsStepFailure(e, cancellationToken))
            {
                problems.Add($"verify query {i + 1} failed: {e.Message}");
            }
        }

        var checkedText = $"{restored.TablesVerified} table row counts and {queries.Count} verify queries checked";
        return problems.Count == 0
            ? new OpsDrTestStep(DisasterRecoveryStepNames.Verify, true, stopwatch.Elapsed, checkedText + ".")
            : new OpsDrTestStep(DisasterRecoveryStepNames.Verify, false, stopwatch.Elapsed, $"{checkedText}: {string.Join("; ", problems)}.");
    }

    private static async Task<OpsDrTestStep> CleanupAsync(DisasterRecoveryDrillRequest request, string scratch, ScratchDatabaseClient scratchClient, bool ownsScratch)
    {
        if (!ownsScratch)
        {
            return Skipped(DisasterRecoveryStepNames.Cleanup, "Nothing to drop: the drill created no scratch database.");
        }

        if (request.KeepScratch)
        {
            return Skipped(DisasterRecoveryStepNames.Cleanup, $"Kept the scratch database {scratch} (KeepScratch); drop it when done.");
        }

        var stopwatch = Stopwatch.StartNew();
        try
        {
            await scratchClient.DropAsync(scratch);
            return new OpsDrTestStep(DisasterRecoveryStepNames.Cleanup, true, stopwatch.Elapsed, $"Dropped the scratch database {scratch}.");
        }
        catch (Exception e) when (IsStepFailure(e, CancellationToken.None))
        {
            return Failed(DisasterRecoveryStepNames.Cleanup, stopwatch, $"The scratch database {scratch} could not be dropped: {e.Message}");
        }
    }

    /// <summary>Errors that fail a step; the caller's cancellation is not one of them.</summary>
    private static bool IsStepFailure(Exception e, CancellationToken cancellationToken) =>
        e is OpsException or KubernetesApiException or NpgsqlException or IOException or HttpRequestException or ArgumentException or InvalidOperationException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static OpsDrTestStep Compare(string name, string what, TimeSpan measured, TimeSpan target) =>
        new(name, measured <= target, TimeSpan.Zero,
            $"{what} {Format(measured)} {(measured <= target ? "within" : "exceeds")} the target {Format(target)}.");

    private static OpsDrTestStep Skipped(string name, string message) => new(name, null, TimeSpan.Zero, message);

    private static OpsDrTestStep Failed(string name, Stopwatch stopwatch, string message) => new(name, false, stopwatch.Elapsed, message);

    private static string Format(TimeSpan span) =>
        (span < TimeSpan.Zero ? "-" : string.Empty) +
        span.Duration().ToString(span.Duration().TotalHours >= 1 ? @"d\.hh\:mm\:ss" : @"m\:ss\.fff", CultureInfo.InvariantCulture);

    private sealed class ForwardRestore(IProgress<DisasterRecoveryProgress> target) : IProgress<DatabaseRestoreProgress>
    {
        public void Report(DatabaseRestoreProgress value) =>
            target.Report(new DisasterRecoveryProgress(DisasterRecoveryStepNames.ChecksumAndRestore, $"{value.Stage} {value.Database}", value));
    }
}
