using System.Text.RegularExpressions;

namespace OpsModule.Core.Backup.Database;

/// <summary>Takes "15.18" out of "15.18 (Debian 15.18-0+deb12u1)" or "pg_dump (PostgreSQL) 15.18".</summary>
internal static partial class VersionText
{
    public static string? Extract(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = Version().Match(text);
        return match.Success ? match.Value : text.Trim();
    }

    [GeneratedRegex(@"\d+(\.\d+)*(beta\d+|rc\d+|devel)?", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Version();
}
