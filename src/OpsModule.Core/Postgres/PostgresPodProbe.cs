using System.Diagnostics;
using System.Globalization;
using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Exec;
using OpsModule.Core.Postgres.Endpoints;

namespace OpsModule.Core.Postgres;

/// <summary>
/// Probes PostgreSQL from inside its pod, as the runbooks do with <c>kubectl exec postgres-0 -- psql -U postgres -c 'SELECT 1'</c>:
/// no connection string or password is needed, the pod's own local access is used. Latency is the round trip of the whole exec.
/// </summary>
public sealed class PostgresPodProbe(PodExecClient exec)
{
    private const char Separator = '\u001f';

    private const string SettingsSql = """
        SELECT current_setting('server_version'), current_setting('max_connections'), current_setting('superuser_reserved_connections'),
               (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')
        """;

    private const string LongQueriesSql = """
        SELECT pid, coalesce(usename, ''), coalesce(datname, ''), extract(epoch FROM clock_timestamp() - query_start)::float8,
               regexp_replace(left(query, 2000), '\s+', ' ', 'g')
        FROM pg_stat_activity
        WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
          AND query_start < clock_timestamp() - make_interval(secs => {0})
        ORDER BY query_start LIMIT {1}
        """;

    public async Task<PostgresProbeResult> ProbeAsync(PostgresPodTarget target, PostgresProbeOptions? options, CancellationToken cancellationToken)
    {
        options ??= new PostgresProbeOptions();
        var longQueries = string.Format(CultureInfo.InvariantCulture, LongQueriesSql, options.LongQueryThreshold.TotalSeconds, options.MaxLongQueries);
        await using var endpoint = new PodPostgresEndpoint(exec, new PostgresPod(target.Namespace, target.Pod, target.Container, target.User), new ProbeErrors(target));
        IReadOnlyList<string> arguments = [.. PsqlOptions.Rows(Separator), "-c", "SELECT 1", "-c", SettingsSql, "-c", longQueries];

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var stopwatch = Stopwatch.StartNew();
        PostgresToolOutput output;
        try
        {
            output = await endpoint.CaptureAsync(PostgresClientTool.Psql, arguments, target.Database, 1024 * 1024, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(PostgresErrorIds.Timeout, OpsErrorCategory.OperationTimeout, target,
                $"psql in {target.Describe()} did not answer within {options.Timeout.TotalSeconds:0.#} s.", null);
        }
        catch (Exception e) when (e is KubernetesApiException or IOException)
        {
            throw Failure(PostgresErrorIds.Unreachable, OpsErrorCategory.ConnectionError, target, $"Cannot run psql in {target.Describe()}: {e.Message}", e);
        }

        var elapsed = stopwatch.Elapsed;
        if (!output.Succeeded)
        {
            var reason = output.StandardError.Trim();
            throw Failure(PostgresErrorIds.QueryFailed, OpsErrorCategory.ConnectionError, target,
                $"psql in {target.Describe()} exited with code {output.ExitCode}: {(reason.Length > 500 ? reason[..500] : reason)}", null);
        }

        return Parse(target, output.StandardOutput, elapsed, options.LongQueryThreshold);
    }

    private static PostgresProbeResult Parse(PostgresPodTarget target, string output, TimeSpan elapsed, TimeSpan threshold)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 2 || lines[0] != "1")
        {
            throw Failure(PostgresErrorIds.QueryFailed, OpsErrorCategory.InvalidData, target, $"psql in {target.Describe()} printed something other than the probe's rows.", null);
        }

        var settings = lines[1].Split(Separator);
        var longQueries = lines.Skip(2).Select(line => line.Split(Separator)).Where(f => f.Length == 5).Select(f => new PostgresLongQuery(
            int.Parse(f[0], CultureInfo.InvariantCulture),
            f[1].Length == 0 ? null : f[1],
            f[2].Length == 0 ? null : f[2],
            TimeSpan.FromSeconds(double.Parse(f[3], CultureInfo.InvariantCulture)),
            PostgresQueryText.Shorten(f[4]))).ToList();
        return new PostgresProbeResult
        {
            Target = target.Describe(),
            ServerVersion = settings[0],
            ConnectTime = elapsed,
            Latency = elapsed,
            MaxConnections = int.Parse(settings[1], CultureInfo.InvariantCulture),
            ReservedConnections = int.Parse(settings[2], CultureInfo.InvariantCulture),
            CurrentConnections = int.Parse(settings[3], CultureInfo.InvariantCulture),
            LongQueryThreshold = threshold,
            LongQueries = longQueries,
        };
    }

    /// <summary>The probe only captures psql's output; the endpoint's other failures cannot happen here but still speak of the probe.</summary>
    private sealed class ProbeErrors(PostgresPodTarget target) : IPostgresEndpointErrors
    {
        public Exception QueryFailed(string database, string reason, Exception? inner) =>
            Failure(PostgresErrorIds.QueryFailed, OpsErrorCategory.ConnectionError, target, $"psql in {target.Describe()} failed: {reason}", inner);

        public Exception ToolNotInstalled(PostgresClientTool tool, string executable, Exception inner) => ToolNotStarted(tool, target.Database, inner);

        public Exception ToolNotStarted(PostgresClientTool tool, string database, Exception inner) =>
            Failure(PostgresErrorIds.Unreachable, OpsErrorCategory.ConnectionError, target, $"Cannot run {tool} in {target.Describe()}: {inner.Message}", inner);

        public Exception PodNotFound(Exception inner) => ToolNotStarted(PostgresClientTool.Psql, target.Database, inner);
    }

    private static OpsException Failure(string errorId, OpsErrorCategory category, PostgresPodTarget target, string message, Exception? inner) =>
        new(errorId, category, message,
            $"Check the pod is Running and psql works in it: kubectl exec -it {target.Pod} -n {target.Namespace} -- psql -U {target.User} -d {target.Database} -c 'SELECT 1'",
            target.Describe(), inner);
}
