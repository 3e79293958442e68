using System.Diagnostics;
using System.Runtime.CompilerServices;
using Npgsql;

namespace OpsModule.Core.Postgres;

/// <summary>
/// The runbooks' quick database check over one short-lived connection: <c>SELECT 1</c> latency, server version,
/// connections vs max_connections, and statements running longer than a threshold. Read-only; takes one connection slot.
/// </summary>
public sealed class PostgresProbe
{
    private const string ApplicationName = "OpsModule health probe";

    private const string SettingsSql = """
        SELECT current_setting('server_version'),
               current_setting('max_connections')::int,
               current_setting('superuser_reserved_connections')::int,
               (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int
        """;

    // clock_timestamp(), not now(): now() is frozen at the start of the probe's own statement.
    private const string LongQueriesSql = """
        SELECT pid, usename, datname, extract(epoch FROM clock_timestamp() - query_start)::float8, left(query, 2000)
        FROM pg_stat_activity
        WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
          AND query_start < clock_timestamp() - make_interval(secs => $1)
        ORDER BY query_start
        LIMIT $2
        """;

    /// <summary>Probes the server named by <paramref name="connectionString"/> (keyword form or postgresql:// URI).</summary>
    /// <exception cref="Errors.OpsException">
    /// Invalid connection string, unreachable server, rejected login, missing database, full server, timeout
    /// (ids in <see cref="PostgresErrorIds"/>); the message names host:port/database and never the password.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<PostgresProbeResult> ProbeAsync(string connectionString, PostgresProbeOptions? options, CancellationToken cancellationToken)
    {
        options ??= new PostgresProbeOptions();
        var builder = PostgresConnectionString.Parse(connectionString);
        var target = PostgresConnectionString.Describe(builder);
        var password = builder.Password;
        var seconds = (int)Math.Clamp(Math.Ceiling(options.Timeout.TotalSeconds), 1, 1024);
        builder.Timeout = seconds;
        builder.CommandTimeout = seconds;
        builder.Pooling = false; // a health probe must not leave an idle connection behind that the next probe would count
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = ApplicationName;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var phase = new StrongBox<string>("connecting");

        // Npgsql does not abandon a stalled startup handshake on cancellation (only its own whole-second Timeout ends it),
        // so the caller stops waiting here and the abandoned attempt cleans up after itself within that bound.
        var work = ProbeCoreAsync(builder.ConnectionString, target, password, options, phase, cancellationToken, timeout.Token);
        try
        {
            return await work.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            if (work.IsCompleted)
            {
                return await work;
            }

            _ = work.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            cancellationToken.ThrowIfCancellationRequested();
            throw PostgresFailures.Timeout(target, phase.Value!);
        }
    }

    private static async Task<PostgresProbeResult> ProbeCoreAsync(
        string connectionString, string target, string? password, PostgresProbeOptions options, StrongBox<string> phase,
        CancellationToken cancellationToken, CancellationToken token)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var watch = Stopwatch.StartNew();
        try
        {
            await connection.OpenAsync(token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw token.IsCancellationRequested ? PostgresFailures.Timeout(target, phase.Value!) : PostgresFailures.Connect(target, e, password);
        }

        var connectTime = watch.Elapsed;
        phase.Value = "running the health queries";
        try
        {
            return await QueryAsync(connection, target, connectTime, options, token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidCastException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw token.IsCancellationRequested || e.InnerException is TimeoutException
                ? PostgresFailures.Timeout(target, phase.Value!)
                : PostgresFailures.Query(target, e, password);
        }
    }

    private static async Task<PostgresProbeResult> QueryAsync(
        NpgsqlConnection connection, string target, TimeSpan connectTime, PostgresProbeOptions options, CancellationToken token)
    {
        var watch = Stopwatch.StartNew();
        await using (var ping = new NpgsqlCommand("SELECT 1", connection))
        {
            await ping.ExecuteScalarAsync(token);
        }

        var latency = watch.Elapsed;

        string version;
        int maxConnections, reserved, current;
        await using (var settings = new NpgsqlCommand(SettingsSql, connection))
        await using (var reader = await settings.ExecuteReaderAsync(token))
        {
            await reader.ReadAsync(token);
            version = reader.GetString(0);
            maxConnections = reader.GetInt32(1);
            reserved = reader.GetInt32(2);
            current = reader.GetInt32(3);
        }

        var longQueries = new List<PostgresLongQuery>();
        await using (var queries = new NpgsqlCommand(LongQueriesSql, connection))
        {
            queries.Parameters.AddWithValue(options.LongQueryThreshold.TotalSeconds);
            queries.Parameters.AddWithValue(Math.Max(1, options.MaxLongQueries));
            await using var reader = await queries.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                longQueries.Add(new PostgresLongQuery(
                    reader.GetInt32(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    TimeSpan.FromSeconds(reader.GetDouble(3)),
                    PostgresQueryText.Shorten(reader.IsDBNull(4) ? null : reader.GetString(4))));
            }
        }

        return new PostgresProbeResult
        {
            Target = target,
            ServerVersion = version,
            ConnectTime = connectTime,
            Latency = latency,
            MaxConnections = maxConnections,
            ReservedConnections = reserved,
            CurrentConnections = current,
            LongQueryThreshold = options.LongQueryThreshold,
            LongQueries = longQueries,
        };
    }
}
