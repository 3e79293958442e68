namespace OpsModule.Core.Storage;

/// <summary>
/// A location as typed may be a URL with a query: an Azure shared access signature (<c>…?sv=…&amp;sig=…</c>). The query is a
/// secret; it is split off before anything parses, shows or reports the location.
/// </summary>
public static class BackupStoreUrl
{
    /// <summary>The location without its query, and the query (without '?'), or null when there is none.</summary>
    public static (string Location, string? Query) SplitQuery(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var trimmed = location.Trim();
        var question = trimmed.IndexOf('?', StringComparison.Ordinal);
        if (!trimmed.Contains("://", StringComparison.Ordinal) || question < 0)
        {
            return (trimmed, null);
        }

        var query = trimmed[(question + 1)..];
        return (trimmed[..question], query.Length == 0 ? null : query);
    }

    /// <summary>The location safe to show: a query is replaced by "?…".</summary>
    public static string Redact(string? location)
    {
        if (location is null)
        {
            return string.Empty;
        }

        var (withoutQuery, query) = SplitQuery(location);
        return query is null ? withoutQuery : withoutQuery + "?…";
    }
}
