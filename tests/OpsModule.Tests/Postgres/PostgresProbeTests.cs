using Npgsql;
using OpsModule.Core.Errors;
using OpsModule.Core.Health;
using OpsModule.Core.Health.Checks;
using OpsModule.Core.Postgres;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Postgres;

[Collection(PostgresServer.CollectionName)]
public sealed class PostgresProbeTests(PostgresServer server)
{
    private static readonly PostgresHealthThresholds Defaults = new();

    [Fact]
    public async Task A_healthy_server_is_reachable_with_its_version_and_connection_count()
    {
        var connectionString = await server.CreateDatabaseAsync("probe_healthy");

        var probe = await new PostgresProbe().ProbeAsync(connectionString, null, CancellationToken.None);

        Assert.Equal($"127.0.0.1:{server.Port}/probe_healthy", probe.Target);
        Assert.StartsWith("15.", probe.ServerVersion);
        Assert.Contains(probe.ServerVersion.Split(' ')[0], server.Version);
        Assert.Equal(100, probe.MaxConnections);
        Assert.Equal(3, probe.ReservedConnections);
        Assert.InRange(probe.CurrentConnections, 1, 5);
        Assert.InRange(probe.Latency, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(1));
        Assert.Empty(probe.LongQueries);

        var finding = Assert.Single(await DatabaseCheck.EvaluateAsync(connectionString, Defaults, CancellationToken.None));
        Assert.Equal(("DatabaseReachable", HealthStatus.Healthy, HealthCheck.Database, "Database"), (finding.Code, finding.Status, finding.Check, finding.Kind));
        Assert.Equal($"127.0.0.1:{server.Port}/probe_healthy", finding.Name);
        Assert.Contains("PostgreSQL 15.", finding.Message);
        Assert.EndsWith("ms", finding.Observed);
        Assert.DoesNotContain(server.Password, finding.ToString() + finding.Remediation);
    }

    [Fact]
    public async Task The_probe_does_not_report_its_own_statement_even_with_a_zero_threshold()
    {
        var connectionString = await server.CreateDatabaseAsync("probe_self");

        var probe = await new PostgresProbe().ProbeAsync(connectionString, new PostgresProbeOptions { LongQueryThreshold = TimeSpan.Zero }, CancellationToken.None);

        Assert.Empty(probe.LongQueries);
    }

    [Fact]
    public async Task A_statement_running_past_the_threshold_is_a_warning_naming_its_pid()
    {
        var connectionString = await server.CreateDatabaseAsync("probe_long_query");
        await using var busy = new NpgsqlConnection(connectionString);
        await busy.OpenAsync();
        using var stopSleep = new CancellationTokenSource();
        await using var sleep = new NpgsqlCommand("SELECT pg_sleep(5) /* nightly report */", busy);
        var sleeping = sleep.ExecuteNonQueryAsync(stopSleep.Token);
        var thresholds = Defaults with { LongQueryThreshold = TimeSpan.FromSeconds(1) };

        var findings = await DatabaseCheckPolling.UntilAsync(connectionString, thresholds, f => f.Any(r => r.Code == "DatabaseLongQueries"));
        var probe = await new PostgresProbe().ProbeAsync(connectionString, thresholds.ToProbeOptions(), CancellationToken.None);
        await stopSleep.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => sleeping);

        var query = Assert.Single(probe.LongQueries);
        Assert.Equal(busy.ProcessID, query.Pid);
        Assert.Equal(("postgres", "probe_long_query"), (query.User, query.Database));
        Assert.Equal("SELECT pg_sleep(5) /* nightly report */", query.Query);
        Assert.InRange(query.Duration, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        var finding = Assert.Single(findings);
        Assert.Equal(("DatabaseLongQueries", HealthStatus.Warning), (finding.Code, finding.Status));
        Assert.Contains($"pid {busy.ProcessID}", finding.Message);
        Assert.Contains("pg_sleep(5)", finding.Message);
        Assert.Contains($"pg_cancel_backend({busy.ProcessID})", finding.Remediation);
        Assert.StartsWith("1 (longest ", finding.Observed);
        Assert.Equal("1 s", finding.Threshold);
    }

    [Fact]
    public async Task A_wrong_port_is_critical_and_says_what_to_check_without_the_password()
    {
        var port = ClosedPort();
        var connectionString = $"Host=127.0.0.1;Port={port};Database=app;Username=postgres;Password={server.Password}";

        var error = await Assert.ThrowsAsync<OpsException>(() => new PostgresProbe().ProbeAsync(connectionString, null, CancellationToken.None));
        Assert.Equal((PostgresErrorIds.Unreachable, OpsErrorCategory.ConnectionError), (error.ErrorId, error.Category));
        Assert.Contains($"127.0.0.1:{port}/app", error.Message);
        Assert.Contains("connection refused", error.Message);
        Assert.Contains("host and port", error.RecommendedAction);

        var finding = Assert.Single(await DatabaseCheck.EvaluateAsync(connectionString, Defaults, CancellationToken.None));
        Assert.Equal(("DatabaseUnreachable", HealthStatus.Critical, $"127.0.0.1:{port}/app"), (finding.Code, finding.Status, finding.Name));
        Assert.Contains("psql -U postgres -c 'SELECT 1'", finding.Remediation);
        AssertNoSecret(server.Password, finding);
        Assert.DoesNotContain(server.Password, error.ToString());
    }

    [Fact]
    public async Task A_wrong_password_is_critical_and_neither_password_appears()
    {
        await server.CreateDatabaseAsync("probe_wrong_password");
        const string wrong = "Wr0ng-Secret-4711";
        var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString("probe_wrong_password")) { Password = wrong }.ConnectionString;

        var error = await Assert.ThrowsAsync<OpsException>(() => new PostgresProbe().ProbeAsync(connectionString, null, CancellationToken.None));
        Assert.Equal((PostgresErrorIds.AuthenticationFailed, OpsErrorCategory.AuthenticationError), (error.ErrorId, error.Category));
        Assert.Contains("password authentication failed", error.Message);

        var finding = Assert.Single(await DatabaseCheck.EvaluateAsync(connectionString, Defaults, CancellationToken.None));
        Assert.Equal(("DatabaseUnreachable", HealthStatus.Critical, PostgresErrorIds.AuthenticationFailed), (finding.Code, finding.Status, finding.Observed));
        Assert.Contains("user name and password", finding.Remediation);
        AssertNoSecret(wrong, finding);
        AssertNoSecret(server.Password, finding);
        Assert.DoesNotContain(wrong, error.ToString());
    }

    [Fact]
    public async Task A_connection_string_without_a_password_says_that_one_is_needed()
    {
        var connectionString = $"Host=127.0.0.1;Port={server.Port};Username=postgres;Database=postgres";

        var error = await Assert.ThrowsAsync<OpsException>(() => new PostgresProbe().ProbeAsync(connectionString, null, CancellationToken.None));

        Assert.Equal(PostgresErrorIds.AuthenticationFailed, error.ErrorId);
        Assert.Contains("Password=", error.RecommendedAction);
    }

    [Fact]
    public async Task A_missing_database_is_critical_and_named()
    {
        var connectionString = server.ConnectionString("no_such_database");

        var finding = Assert.Single(await DatabaseCheck.EvaluateAsync(connectionString, Defaults, CancellationToken.None));

        Assert.Equal(("DatabaseUnreachable", HealthStatus.Critical, PostgresErrorIds.DatabaseNotFound), (finding.Code, finding.Status, finding.Observed));
        Assert.Contains("\"no_such_database\" does not exist", finding.Message);
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_answers_times_out_within_the_bound()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password={server.Password}";
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<OpsException>(() =>
            new PostgresProbe().ProbeAsync(connectionString, new PostgresProbeOptions { Timeout = TimeSpan.FromSeconds(1) }, CancellationToken.None));

        Assert.Equal((PostgresErrorIds.Timeout, OpsErrorCategory.OperationTimeout), (error.ErrorId, error.Category));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(4));
        Assert.Contains($"127.0.0.1:{port}/postgres", error.Message);
    }

    [Fact]
    public async Task Cancelling_the_caller_token_stops_at_once_instead_of_reporting_a_finding()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            DatabaseCheck.EvaluateAsync($"Host=127.0.0.1;Port={port};Username=postgres;Password=x", Defaults, stop.Token));

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_postgresql_uri_reaches_the_same_server()
    {
        await server.CreateDatabaseAsync("probe_uri");
        var uri = $"postgresql://postgres:{server.Password}@127.0.0.1:{server.Port}/probe_uri?application_name=ops";

        var probe = await new PostgresProbe().ProbeAsync(uri, null, CancellationToken.None);

        Assert.Equal($"127.0.0.1:{server.Port}/probe_uri", probe.Target);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_unknown_and_leaks_no_fragment_of_the_password()
    {
        // An unquoted ';' inside the password splits it into a bogus keyword, which Npgsql would quote in its error.
        var connectionString = "Host=127.0.0.1;Username=postgres;Password=abc;SecretTail=xyz";

        var finding = Assert.Single(await DatabaseCheck.EvaluateAsync(connectionString, Defaults, CancellationToken.None));

        Assert.Equal(("DatabaseConnectionInvalid", HealthStatus.Unknown), (finding.Code, finding.Status));
        Assert.DoesNotContain("SecretTail", finding.ToString() + finding.Remediation + finding.Name, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("xyz", finding.ToString() + finding.Remediation + finding.Name);
    }

    private static void AssertNoSecret(string secret, OpsHealthResult finding)
    {
        foreach (var text in new[] { finding.Name, finding.Message, finding.Remediation, finding.Observed, finding.Threshold, finding.ToString() })
        {
            Assert.DoesNotContain(secret, text ?? string.Empty, StringComparison.Ordinal);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
