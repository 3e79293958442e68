using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using OpsModule.Core.Errors;
using OpsModule.Core.Postgres;
using OpsModule.Core.Processes;

namespace OpsModule.Core.Backup.Database;

/// <summary>A local pg_dump process. Connection settings and the password are passed in its environment only.</summary>
internal sealed class LocalPgDumpProcess : IPgDumpProcess
{
    private readonly Process _process;
    private readonly StandardErrorCollector _stderr;
    private readonly string? _password;

    private LocalPgDumpProcess(Process process, string? password)
    {
        _process = process;
        _password = password;
        _stderr = new StandardErrorCollector(process.StandardError.BaseStream);
    }

    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>The pg_dump executable: the source's path, or "pg_dump" from PATH.</summary>
    public static string Executable(ConnectionStringDatabaseSource source) =>
        string.IsNullOrWhiteSpace(source.PgDumpPath) ? "pg_dump" : source.PgDumpPath;

    public static LocalPgDumpProcess Start(ConnectionStringDatabaseSource source, IReadOnlyList<string> arguments)
    {
        var builder = PostgresConnectionString.Parse(source.ConnectionString);
        var start = new ProcessStartInfo(Executable(source))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        ApplyEnvironment(start.Environment, builder, source.DatabaseName);
        try
        {
            var process = Process.Start(start) ?? throw new Win32Exception("the process did not start");
            process.StandardInput.Close();
            return new LocalPgDumpProcess(process, builder.Password);
        }
        catch (Win32Exception e)
        {
            throw NotFound(source, e);
        }
    }

    /// <summary>Runs <c>pg_dump --version</c>; null when it cannot be run.</summary>
    public static async Task<string?> VersionAsync(ConnectionStringDatabaseSource source, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Executable(source), "--version")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode == 0 ? VersionText.Extract(output) : null;
        }
        catch (Win32Exception e)
        {
            throw NotFound(source, e);
        }
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public Task<string> ErrorTextAsync() => _stderr.TextAsync(_password);

    public void Kill() => _process.KillTree();

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void ApplyEnvironment(IDictionary<string, string?> environment, NpgsqlConnectionStringBuilder builder, string database)
    {
        // A PGSERVICE or PGPASSFILE of the calling session must not redirect the dump to another server or user.
        environment.Remove("PGSERVICE");
        environment["PGHOST"] = string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host;
        environment["PGPORT"] = (builder.Port > 0 ? builder.Port : 5432).ToString(CultureInfo.InvariantCulture);
        environment["PGDATABASE"] = database;
        SetOrRemove(environment, "PGUSER", builder.Username);
        SetOrRemove(environment, "PGPASSWORD", builder.Password);
        environment["PGCONNECT_TIMEOUT"] = Math.Max(builder.Timeout, 2).ToString(CultureInfo.InvariantCulture);
        var sslMode = builder.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        environment["PGSSLMODE"] = sslMode;
        environment["PGAPPNAME"] = "OpsModule backup";
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

    private static OpsException NotFound(ConnectionStringDatabaseSource source, Exception inner) => new(
        DatabaseBackupErrorIds.PgDumpNotFound, OpsErrorCategory.NotInstalled,
        $"pg_dump could not be started ('{Executable(source)}': {inner.Message}).",
        "Install the PostgreSQL client tools (same or newer major version as the server) or pass the full path of pg_dump.",
        source.Describe(), inner);
}
