using System.Globalization;
using Npgsql;

namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>
/// The environment of a local client tool: the connection settings and the password go there (PGHOST, PGPORT, PGUSER,
/// PGPASSWORD, …), never on the command line, where any user of the machine could read them.
/// </summary>
internal static class PostgresClientEnvironment
{
    /// <param name="database">PGDATABASE; null removes it.</param>
    public static void Apply(IDictionary<string, string?> environment, NpgsqlConnectionStringBuilder builder, string? database, string applicationName)
    {
        // A PGSERVICE of the calling session must not redirect the tool to another server.
        environment.Remove("PGSERVICE");
        SetOrRemove(environment, "PGDATABASE", database);
        environment["PGHOST"] = string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host;
        environment["PGPORT"] = (builder.Port > 0 ? builder.Port : 5432).ToString(CultureInfo.InvariantCulture);
        SetOrRemove(environment, "PGUSER", builder.Username);
        SetOrRemove(environment, "PGPASSWORD", builder.Password);
        environment["PGCONNECT_TIMEOUT"] = Math.Max(builder.Timeout, 2).ToString(CultureInfo.InvariantCulture);
        environment["PGSSLMODE"] = builder.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        environment["PGAPPNAME"] = applicationName;
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
