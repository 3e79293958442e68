
namespace OpsModule.Core.Storage.Catalog;

/// <summary>
/// Filters for <see cref="BackupCatalog.ListAsync"/>. Name filters match exactly or with the wildcards '*' and '?'
/// (case-sensitive, like Kubernetes and PostgreSQL names).
/// </summary>
public sealed record BackupQuery
{
    public string? Context { get; init; }

    public string? Namespace { get; init; }

    public string? Database { get; init; }

    public BackupKind? Kind { get; init; }

    /// <summary>Only backups started at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only backups started before this time (e.g. for removing backups older than N days).</summary>
    public DateTimeOffset? Before { get; init; }

    /// <summary>Only the newest complete backup of each context/namespace/database.</summary>
    public bool Latest { get; init; }

    /// <summary>Also list folders that are not whole backups, as <see cref="BackupStatus.Incomplete"/> (ignored with <see cref="Latest"/>).</summary>
    public bool IncludeIncomplete { get; init; }
}
