using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using OpsModule.Core.Errors;
using OpsModule.Core.Postgres;

namespace OpsModule.Core.Restore;

/// <summary>Local psql / pg_restore; connection settings and the password go into the environment only.</summary>
internal sealed class LocalRestoreClient : IRestoreClient
{
    private readonly ConnectionStringRestoreTarget _target;
    private readonly NpgsqlConnectionStringBuilder _builder;

    public LocalRestoreClient(ConnectionStringRestoreTarget target)
    {
        _target = target;
        _builder = PostgresConnectionString.Parse(target.ConnectionString);
    }

    public async Task<string> QueryAsync(string database, string sql, CancellationToken cancellationToken)
    {
        await using var tool = Start("psql", [.. RestoreSql.QueryArguments, "-c", sql], database, discardOutput: false);
        await tool.CloseInputAsync(cancellationToken).ConfigureAwait(false);
        var process = tool.Process;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var exitCode = await tool.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw RestoreErrors.QueryFailed(_target.Describe(), database, await tool.ErrorTextAsync().ConfigureAwait(false));
        }

        return output;
    }

    public Task<IRestoreTool> StartAsync(string tool, IReadOnlyList<string> arguments, string database, long inputBytes, CancellationToken cancellationToken) =>
        Task.FromResult<IRestoreTool>(Start(tool, arguments, database, discardOutput: true));

    private LocalRestoreTool Start(string tool, IReadOnlyList<string> arguments, string database, bool discardOutput)
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
            return new LocalRestoreTool(process, _builder.Password, discardOutput);
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
