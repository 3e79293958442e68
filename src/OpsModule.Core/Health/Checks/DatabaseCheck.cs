using System.Globalization;
using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes.Exec;
using OpsModule.Core.Postgres;

namespace OpsModule.Core.Health.Checks;

/// <summary>
/// PostgreSQL: the runbooks' <c>psql -c 'SELECT 1'</c>, <c>SELECT count(*) FROM pg_stat_activity</c> against max_connections,
/// and the 30-second slow-query check. <see cref="EvaluateAsync"/> probes and judges; <see cref="Evaluate"/> only judges.
/// Findings are named host:port/database and never carry the password.
/// </summary>
internal static class DatabaseCheck
{
    public const string Kind = "Database";

    private const string PsqlInPod = "kubectl exec -it postgres-0 -n <namespace> -- psql -U postgres";

    /// <summary>Probes the server and judges it. Connection failures become a Critical finding; only cancellation throws.</summary>
    public static async Task<IReadOnlyList<OpsHealthResult>> EvaluateAsync(
        string connectionString, PostgresHealthThresholds thresholds, CancellationToken cancellationToken)
    {
        PostgresProbeResult probe;
        try
        {
            probe = await new PostgresProbe().ProbeAsync(connectionString, thresholds.ToProbeOptions(), cancellationToken);
        }
        catch (OpsException e) when (e.ErrorId == PostgresErrorIds.InvalidConnectionString)
        {
            return [HealthFinding.Problem(HealthStatus.Unknown, HealthCheck.Database, HealthCodes.Database.DatabaseConnectionInvalid, null, Kind,
                PostgresConnectionString.Describe(connectionString), $"The database was not checked: {e.Message}", e.RecommendedAction ?? string.Empty)];
        }
        catch (OpsException e)
        {
            return [Unreachable(PostgresConnectionString.Describe(connectionString), e)];
        }

        return Evaluate(probe, thresholds);
    }

    /// <summary>Probes through <c>psql</c> inside the database pod and judges it. Failures become a Critical finding; only cancellation throws.</summary>
    public static async Task<IReadOnlyList<OpsHealthResult>> EvaluatePodAsync(
        PodExecClient exec, PostgresPodTarget target, PostgresHealthThresholds thresholds, CancellationToken cancellationToken)
    {
        try
        {
            return Evaluate(await new PostgresPodProbe(exec).ProbeAsync(target, thresholds.ToProbeOptions(), cancellationToken), thresholds);
        }
        catch (OpsException e)
        {
            return [Unreachable(target.Describe(), e)];
        }
    }

    /// <summary>Judges a probe: DatabaseReachable when nothing is wrong, else one finding per problem.</summary>
    public static IReadOnlyList<OpsHealthResult> Evaluate(PostgresProbeResult probe, PostgresHealthThresholds thresholds)
    {
        var findings = new List<OpsHealthResult>();
        var name = probe.Target;
        var connections = $"{probe.CurrentConnections.ToString(CultureInfo.InvariantCulture)}/{probe.MaxConnections.ToString(CultureInfo.InvariantCulture)}";

        var percent = probe.ConnectionPercent;
        if (percent > thresholds.ConnectionWarningPercent)
        {
            var critical = percent > thresholds.ConnectionCriticalPercent;
            var free = Math.Max(0, probe.MaxConnections - probe.ReservedConnections - probe.CurrentConnections);
            findings.Add(Problem(critical ? HealthStatus.Critical : HealthStatus.Warning, HealthCodes.Database.DatabaseConnectionsHigh, name,
                $"{connections} connections in use ({percent.ToString("0", CultureInfo.InvariantCulture)} % of max_connections); "
                + $"{free.ToString(CultureInfo.InvariantCulture)} left for non-superusers ({probe.ReservedConnections.ToString(CultureInfo.InvariantCulture)} reserved).",
                $"Find who holds them: {PsqlInPod} -c \"SELECT usename, application_name, state, count(*) FROM pg_stat_activity GROUP BY 1, 2, 3 ORDER BY 4 DESC\"; "
                + "shrink the application pools or put PgBouncer in front, or raise max_connections in the postgres ConfigMap and restart the pod.",
                observed: connections,
                threshold: $"{(critical ? thresholds.ConnectionCriticalPercent : thresholds.ConnectionWarningPercent).ToString("0.##", CultureInfo.InvariantCulture)} %"));
        }

        if (probe.LongQueries.Count > 0)
        {
            var longest = probe.LongQueries.MaxBy(q => q.Duration)!;
            var count = probe.LongQueries.Count;
            findings.Add(Problem(HealthStatus.Warning, HealthCodes.Database.DatabaseLongQueries, name,
                $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? "statement has" : "statements have")} been running longer than {Format(probe.LongQueryThreshold)}; "
                + $"longest: pid {longest.Pid.ToString(CultureInfo.InvariantCulture)} ({longest.User ?? "?"}@{longest.Database ?? "?"}, {Format(longest.Duration)}): {longest.Query}",
                $"Look at them: {PsqlInPod} -c \"SELECT pid, usename, now() - query_start AS runtime, query FROM pg_stat_activity WHERE state = 'active' ORDER BY query_start\"; "
                + $"cancel one with SELECT pg_cancel_backend({longest.Pid.ToString(CultureInfo.InvariantCulture)}) (pg_terminate_backend if that is not enough), then fix the query or its index.",
                observed: $"{count.ToString(CultureInfo.InvariantCulture)} (longest {Format(longest.Duration)})",
                threshold: Format(probe.LongQueryThreshold)));
        }

        if (probe.Latency > thresholds.SlowLatency)
        {
            findings.Add(Problem(HealthStatus.Warning, HealthCodes.Database.DatabaseSlow, name,
                $"SELECT 1 took {Format(probe.Latency)}: the server or the network to it is struggling.",
                $"Check the server's load and locks ({PsqlInPod} -c \"SELECT wait_event_type, count(*) FROM pg_stat_activity GROUP BY 1\"), "
                + "kubectl top pod postgres-0, and the network path from here.",
                observed: Format(probe.Latency), threshold: Format(thresholds.SlowLatency)));
        }

        if (findings.Count == 0)
        {
            findings.Add(HealthFinding.Healthy(HealthCheck.Database, HealthCodes.Database.DatabaseReachable, null, Kind, name,
                $"PostgreSQL {probe.ServerVersion} answered SELECT 1 in {Format(probe.Latency)}; {connections} connections in use.",
                Format(probe.Latency)));
        }

        return findings;
    }

    /// <summary>The Critical finding for a server that could not be probed (down, wrong address, rejected login, timeout).</summary>
    public static OpsHealthResult Unreachable(string target, OpsException error) =>
        Problem(HealthStatus.Critical, HealthCodes.Database.DatabaseUnreachable, target, error.Message,
            $"{error.RecommendedAction} Test from inside the cluster: {PsqlInPod} -c 'SELECT 1'".TrimStart(),
            observed: error.ErrorId);

    private static OpsHealthResult Problem(HealthStatus status, string code, string name, string message, string remediation, string? observed = null, string? threshold = null) =>
        HealthFinding.Problem(status, HealthCheck.Database, code, null, Kind, name, message, remediation, observed, threshold);

    internal static string Format(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => $"{span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms",
        < 60 => $"{span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s",
        _ => $"{((int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min {span.Seconds.ToString(CultureInfo.InvariantCulture)} s",
    };
}
