using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using OpsModule.Core.Errors;
using OpsModule.Core.Postgres;

namespace OpsModule.Core.Restore;

/// <summary>
/// A server named by a connection string: control queries (exists?, create, rename, drop, counts) over Npgsql, the dump
/// through local psql / pg_restore, whose connection settings and password go into the environment only.
/// </summary>
/// <remarks>
/// A psql process per control query costs tens of milliseconds each (start, connect, authenticate); one Npgsql connection
/// to the maintenance database is kept for the client's lifetime when <c>keepConnection</c> is set (the runner disposes it).
/// Queries on other databases use a short-lived connection: a session left open on the restored database would block its rename.
/// </remarks>
internal sealed class LocalRestoreClient : IRestoreClient
{
    private readonly ConnectionStringRestoreTarget _target;
    private readonly NpgsqlConnectionStringBuilder _builder;
    private readonly bool _keepConnection;
    private NpgsqlConnection? _maintenance;

    /// <param name="keepConnection">Keep the maintenance connection open between queries (dispose the client to close it).</param>
    public LocalRestoreClient(ConnectionStringRestoreTarget target, bool keepConnection = false)
    {
        _target = target;
        _builder = PostgresConnectionString.Parse(target.ConnectionString);
        _keepConnection = keepConnection;
    }

    public async Task<string> QueryAsync(string database, string sql, CancellationToken cancellationToken)
    {
        var keep = _keepConnection && string.Equals(database, _target.MaintenanceDatabase, StringComparison.Ordinal);
        var connection = keep ? _maintenance : null;
        var owned = connection is null;
        try
        {
            if (connection is null)
            {
                connection = new NpgsqlConnection(ControlConnectionString(database));
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                if (keep)
                {
                    _maintenance = connection;
                    owned = false;
                }
            }

            return await ControlQuery.RunAsync(connection, sql, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            if (ReferenceEquals(connection, _maintenance))
            {
                // A broken session is not reused; the next query opens a new one.
                _maintenance = null;
                owned = true;
            }

            throw RestoreErrors.QueryFailed(_target.Describe(), database, ControlQuery.Reason(e), e);
        }
        finally
        {
            if (owned && connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public Task<IRestoreTool> StartAsync(string tool, IReadOnlyList<string> arguments, string database, long inputBytes, CancellationToken cancellationToken) =>
        Task.FromResult<IRestoreTool>(Start(tool, arguments, database));

    public async ValueTask DisposeAsync()
    {
        if (_maintenance is not null)
        {
            await _maintenance.DisposeAsync().ConfigureAwait(false);
            _maintenance = null;
        }
    }

    private string ControlConnectionString(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(_builder.ConnectionString)
        {
            Database = database,
            Pooling = false,
            ApplicationName = "OpsModule restore",
            CommandTimeout = 0, // counting the rows of a big table may take minutes; cancellation comes from the token
        };
        return builder.ConnectionString;
    }

    private LocalRestoreTool Start(string tool, IReadOnlyList<string> arguments, string database)
    {
        var executable = string.IsNullOrWhiteSpace(_target.ClientBinDirectory) ? tool : Path.Combine(_target.ClientBinDirectory, tool);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("-d");
        start.ArgumentList.Add(database);
        ApplyEnvironment(start.Environment);
        try
        {
            var process = Process.Start(start) ?? throw new Win32Exception("the process did not start");
            return new LocalRestoreTool(process, _builder.Password);
        }
        catch (Win32Exception e)
        {
            throw new OpsException(
                DatabaseRestoreErrorIds.ToolNotFound, OpsErrorCategory.NotInstalled,
                $"{tool} could not be started ('{executable}': {e.Message}). Nothing was changed.",
                "Install the PostgreSQL client tools (same or newer major version as the dump) or pass the folder holding psql and pg_restore.",
                _target.Describe(), e);
        }
    }

    private void ApplyEnvironment(IDictionary<string, string?> environment)
    {
        // A PGSERVICE of the calling session must not redirect the restore to another server.
        environment.Remove("PGSERVICE");
        environment.Remove("PGDATABASE");
        environment["PGHOST"] = string.IsNullOrEmpty(_builder.Host) ? "localhost" : _builder.Host;
        environment["PGPORT"] = (_builder.Port > 0 ? _builder.Port : 5432).ToString(CultureInfo.InvariantCulture);
        SetOrRemove(environment, "PGUSER", _builder.Username);
        SetOrRemove(environment, "PGPASSWORD", _builder.Password);
        environment["PGCONNECT_TIMEOUT"] = Math.Max(_builder.Timeout, 2).ToString(CultureInfo.InvariantCulture);
        environment["PGSSLMODE"] = _builder.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        environment["PGAPPNAME"] = "OpsModule restore";
    }

    private static void SetOrRemove(IDictionary<string, string?> environment, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            environment.Remove(name);
        }
        else
        {
            environment[name] = value;
        }
    }
}
