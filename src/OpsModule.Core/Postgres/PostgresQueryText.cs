using System.Text.RegularExpressions;

namespace OpsModule.Core.Postgres;

/// <summary>Makes a statement from pg_stat_activity fit for a report: one line, short, no password literals.</summary>
internal static partial class PostgresQueryText
{
    public const int MaxLength = 100;

    public static string Shorten(string? query, int maxLength = MaxLength)
    {
        if (string.IsNullOrEmpty(query))
        {
            return string.Empty;
        }

        var text = query;
        if (text.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            // ALTER ROLE … PASSWORD 'x', CREATE USER … PASSWORD 'x', dblink/connection strings: blank every literal.
            text = Literal().Replace(text, "'***'");
        }

        text = Whitespace().Replace(text, " ").Trim();
        return text.Length <= maxLength ? text : text[..maxLength];
    }

    [GeneratedRegex(@"'(?:[^']|'')*('|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Literal();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
