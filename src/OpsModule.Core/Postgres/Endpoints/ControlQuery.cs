using System.Globalization;
using System.Text;
using Npgsql;

namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>
/// Runs a control query over Npgsql and renders its result as <c>psql -A -t</c> would (rows on lines, fields joined by '|'),
/// so callers of <see cref="IPostgresEndpoint.QueryAsync"/> read the same text from either kind of target.
/// </summary>
internal static class ControlQuery
{
    /// <summary>Runs <paramref name="sql"/> (one or several statements) and returns the rows of its last result set.</summary>
    public static async Task<string> RunAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var text = new StringBuilder();
        do
        {
            if (reader.FieldCount == 0)
            {
                continue;
            }

            text.Clear();
            while (await reader.ReadAsync(cancellationToken))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (i > 0)
                    {
                        text.Append('|');
                    }

                    if (!reader.IsDBNull(i))
                    {
                        text.Append(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture));
                    }
                }

                text.Append('\n');
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return text.ToString();
    }

    /// <summary>What went wrong, as the server or the driver said it (Npgsql messages carry no password).</summary>
    public static string Reason(Exception e) => e switch
    {
        PostgresException p => $"{p.Severity}: {p.MessageText}{(p.Hint is { Length: > 0 } hint ? " (" + hint + ")" : string.Empty)}",
        _ => e.InnerException is { } inner && e.Message.StartsWith("Exception while", StringComparison.Ordinal) ? $"{e.Message} {inner.Message}" : e.Message,
    };
}
