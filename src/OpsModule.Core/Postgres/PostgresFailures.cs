using System.Net.Sockets;
using Npgsql;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Postgres;

/// <summary>
/// Turns Npgsql failures into <see cref="OpsException"/>s that say what to check. Server and Npgsql texts are quoted,
/// but scrubbed of the password in case anything ever echoes it; the inner exception is kept only for connection-level causes.
/// </summary>
internal static class PostgresFailures
{
    private const string CheckEndpoint =
        "Check the host and port (is the server running and listening there? a firewall, Service or 'kubectl port-forward' in between?), then the credentials.";

    public static OpsException Connect(string target, Exception error, string? password)
    {
        if (error is PostgresException server)
        {
            var text = Scrub($"{server.SqlState}: {server.MessageText}", password);
            return server.SqlState switch
            {
                "28P01" or "28000" => new OpsException(PostgresErrorIds.AuthenticationFailed, OpsErrorCategory.AuthenticationError,
                    $"PostgreSQL at {target} rejected the login ({text}).",
                    "Check the user name and password in the connection string (and pg_hba.conf on the server for this client address).", target),
                "3D000" => new OpsException(PostgresErrorIds.DatabaseNotFound, OpsErrorCategory.ObjectNotFound,
                    $"PostgreSQL at {target} has no such database ({text}).",
                    "Check the Database in the connection string; list databases with psql -l.", target),
                "53300" => new OpsException(PostgresErrorIds.TooManyConnections, OpsErrorCategory.LimitsExceeded,
                    $"PostgreSQL at {target} refused the connection because all connection slots are taken ({text}).",
                    "Find who holds the connections (SELECT usename, application_name, count(*) FROM pg_stat_activity GROUP BY 1, 2) and fix the pool sizes, or raise max_connections.", target),
                _ => new OpsException(PostgresErrorIds.Unreachable, OpsErrorCategory.ConnectionError,
                    $"PostgreSQL at {target} refused the connection ({text}).", CheckEndpoint, target),
            };
        }

        if (Find<TimeoutException>(error) is not null)
        {
            return Timeout(target, "connecting");
        }

        var reason = Find<SocketException>(error) is { } socket ? Describe(socket) : Scrub(error.Message, password);
        var noPassword = error is NpgsqlException && error.Message.Contains("password", StringComparison.OrdinalIgnoreCase)
            && Find<SocketException>(error) is null;
        return noPassword
            ? new OpsException(PostgresErrorIds.AuthenticationFailed, OpsErrorCategory.AuthenticationError,
                $"PostgreSQL at {target} asks for a password that the connection string does not provide ({reason}).",
                "Add Password=… to the connection string (or PGPASSWORD / a .pgpass entry).", target)
            : new OpsException(PostgresErrorIds.Unreachable, OpsErrorCategory.ConnectionError,
                $"Cannot connect to PostgreSQL at {target}: {reason}.", CheckEndpoint, target, SafeInner(error));
    }

    public static OpsException Query(string target, Exception error, string? password)
    {
        var text = error is PostgresException server ? $"{server.SqlState}: {server.MessageText}" : error.Message;
        return new OpsException(PostgresErrorIds.QueryFailed, OpsErrorCategory.InvalidResult,
            $"PostgreSQL at {target} failed the health queries: {Scrub(text, password)}",
            "Check the server log; the connection itself worked.", target);
    }

    public static OpsException Timeout(string target, string phase) => new(
        PostgresErrorIds.Timeout, OpsErrorCategory.OperationTimeout,
        $"PostgreSQL at {target} did not answer in time while {phase}.",
        "Check that the host and port are right and reachable from here (a silently dropping firewall looks like this), and the server's load.",
        target);

    private static string Describe(SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused (nothing listens on that port)",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "the host name does not resolve",
        SocketError.TimedOut => "the connection attempt timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "the network or host is unreachable",
        _ => socket.Message,
    };

    /// <summary>Socket errors carry no secrets; anything else is left out so nothing unscrubbed rides along.</summary>
    private static Exception? SafeInner(Exception error) => Find<SocketException>(error);

    internal static string Scrub(string text, string? password) =>
        string.IsNullOrEmpty(password) ? text : text.Replace(password, "***", StringComparison.Ordinal);

    private static T? Find<T>(Exception error)
        where T : Exception
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
