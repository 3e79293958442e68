using System.Globalization;
using Npgsql;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Postgres;

/// <summary>
/// Reads the connection strings operators paste: Npgsql keyword form (<c>Host=db;Port=5432;Username=postgres;Password=…</c>)
/// or a libpq URI (<c>postgresql://user:password@host:5432/db?sslmode=require</c>, as in DATABASE_URL).
/// Errors never quote the input, because a malformed string may spill a password into any fragment of it.
/// </summary>
public static class PostgresConnectionString
{
    private const int DefaultPort = 5432;

    public static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw Invalid("The connection string is empty.");
        }

        var text = connectionString.Trim();
        return text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUri(text)
            : FromKeywords(text);
    }

    /// <summary>"host:port/database" — what a message may say about the target. Never includes user or password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        var host = string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host;
        var port = builder.Port > 0 ? builder.Port : DefaultPort;
        var database = builder.Database ?? builder.Username ?? "postgres";
        return $"{host}:{port.ToString(CultureInfo.InvariantCulture)}/{database}";
    }

    /// <summary>Describes a connection string, or says that it is not valid; never throws, never reveals the password.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            return Describe(Parse(connectionString));
        }
        catch (OpsException)
        {
            return "(invalid connection string)";
        }
    }

    private static NpgsqlConnectionStringBuilder FromKeywords(string text)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw Invalid("The connection string is not valid: a keyword is unknown or a value has the wrong format.");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw Invalid("The postgresql:// URI is not valid.");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            ApplyUriParameter(builder, key, value);
        }

        return builder;
    }

    private static void ApplyUriParameter(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        try
        {
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = Enum.Parse<SslMode>(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "user":
                    builder.Username = value;
                    break;
                case "password":
                    builder.Password = value;
                    break;
                case "dbname":
                    builder.Database = value;
                    break;
                default:
                    throw Invalid($"The postgresql:// URI has a parameter OpsModule does not understand: '{key}'. Supported: sslmode, application_name, connect_timeout, user, password, dbname.");
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            throw Invalid($"The postgresql:// URI parameter '{key}' has a value of the wrong format.");
        }
    }

    private static OpsException Invalid(string message) => new(
        PostgresErrorIds.InvalidConnectionString,
        OpsErrorCategory.InvalidArgument,
        message,
        "Pass 'Host=<host>;Port=5432;Database=<db>;Username=<user>;Password=<password>' (double-quote values that contain ';') or 'postgresql://user:password@host:5432/db'.");

    /// <summary>The connection string with this login, so a password can come from a credential instead of the command line.</summary>
    public static string WithLogin(string connectionString, string userName, string password)
    {
        var builder = Parse(connectionString);
        builder.Username = userName;
        builder.Password = password;
        return builder.ConnectionString;
    }
}
