using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Npgsql;

namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>
/// A server named by a connection string: queries over Npgsql, client tools as local processes whose connection settings
/// and password go into their environment only (<see cref="PostgresClientEnvironment"/>).
/// </summary>
/// <remarks>
/// A psql process per control query costs tens of milliseconds each (start, connect, authenticate): one Npgsql connection to
/// the maintenance database is kept for the endpoint's lifetime. Queries on other databases use a short-lived connection:
/// a session left open on a database would block its rename or drop.
/// </remarks>
internal sealed class LocalPostgresEndpoint : IPostgresEndpoint
{
    private readonly NpgsqlConnectionStringBuilder _builder;
    private readonly Func<PostgresClientTool, string> _executable;
    private readonly string _applicationName;
    private readonly IPostgresEndpointErrors _errors;
    private NpgsqlConnection? _maintenance;

    /// <param name="connectionString">Contains the password: it never leaves this object except towards the server and the tools' environment.</param>
    /// <param name="executable">The program to start for a tool (a path, or the bare name to take it from PATH).</param>
    /// <param name="maintenanceDatabase">The database whose connection is kept open; null keeps none.</param>
    public LocalPostgresEndpoint(
        string connectionString, Func<PostgresClientTool, string> executable, string applicationName, string? maintenanceDatabase, IPostgresEndpointErrors errors)
    {
        _builder = PostgresConnectionString.Parse(connectionString);
        _executable = executable;
        _applicationName = applicationName;
        MaintenanceDatabase = maintenanceDatabase;
        _errors = errors;
        Target = TargetOf(connectionString);
    }

    public string Target { get; }

    public bool QueriesAreCheap => MaintenanceDatabase is not null;

    private string? MaintenanceDatabase { get; }

    /// <summary>"host:port" of the server a connection string names.</summary>
    public static string TargetOf(string connectionString)
    {
        var described = PostgresConnectionString.Describe(connectionString);
        var slash = described.LastIndexOf('/');
        return slash > 0 ? described[..slash] : described;
    }

    public async Task<string> QueryAsync(string database, string sql, CancellationToken cancellationToken)
    {
        var keep = string.Equals(database, MaintenanceDatabase, StringComparison.Ordinal);
        var connection = keep ? _maintenance : null;
        var owned = connection is null;
        try
        {
            if (connection is null)
            {
                connection = new NpgsqlConnection(ControlConnectionString(database));
                await connection.OpenAsync(cancellationToken);
                if (keep)
                {
                    _maintenance = connection;
                    owned = false;
                }
            }

            return await ControlQuery.RunAsync(connection, sql, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            if (ReferenceEquals(connection, _maintenance))
            {
                // A broken session is not reused; the next query opens a new one.
                _maintenance = null;
                owned = true;
            }

            throw _errors.QueryFailed(database, ControlQuery.Reason(e), e);
        }
        finally
        {
            if (owned && connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <remarks>Npgsql, not the text of <see cref="QueryAsync"/>: it tells a row of one empty value from no row.</remarks>
    public async Task<bool> ReturnsRowsAsync(string database, string sql, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(_builder.ConnectionString) { Database = database, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        do
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return true;
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return false;
    }

    public Task<IPostgresToolProcess> StartAsync(
        PostgresClientTool tool, IReadOnlyList<string> arguments, string database, PostgresToolInput input, CancellationToken cancellationToken)
    {
        var process = Start(tool, tool.NeedsDatabaseOption ? [.. arguments, "-d", database] : arguments, database);
        if (!input.Attached)
        {
            process.StandardInput.Close();
        }

        return Task.FromResult<IPostgresToolProcess>(new LocalToolProcess(process, _builder.Password));
    }

    public async Task<PostgresToolOutput> CaptureAsync(
        PostgresClientTool tool, IReadOnlyList<string> arguments, string? database, int maxBytes, CancellationToken cancellationToken)
    {
        using var process = Start(tool, arguments, database);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout;
        var error = await stderr;
        return new PostgresToolOutput(process.ExitCode, Cap(output, maxBytes), Mask(Cap(error, maxBytes)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_maintenance is not null)
        {
            await _maintenance.DisposeAsync();
            _maintenance = null;
        }
    }

    private string ControlConnectionString(string database) => new NpgsqlConnectionStringBuilder(_builder.ConnectionString)
    {
        Database = database,
        Pooling = false,
        ApplicationName = _applicationName,
        CommandTimeout = 0, // counting the rows of a big table may take minutes; cancellation comes from the token
    }.ConnectionString;

    private Process Start(PostgresClientTool tool, IReadOnlyList<string> arguments, string? database)
    {
        var executable = _executable(tool);
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

        PostgresClientEnvironment.Apply(start.Environment, _builder, database, _applicationName);
        try
        {
            return Process.Start(start) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception e)
        {
            throw _errors.ToolNotInstalled(tool, executable, e);
        }
    }

    private string Mask(string text) => string.IsNullOrEmpty(_builder.Password) ? text : text.Replace(_builder.Password, "***", StringComparison.Ordinal);

    private static string Cap(string text, int maxBytes) =>
        Encoding.UTF8.GetByteCount(text) <= maxBytes ? text : throw new InvalidDataException($"The tool wrote more than {maxBytes} bytes.");
}
