using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup;

/// <summary>What retention did (or would do) with one backup folder, and why.</summary>
/// <param name="Entry">The folder.</param>
/// <param name="Outcome">Kept, Removed, Declined or Failed.</param>
/// <param name="Reason">Which rule decided, e.g. "older than 7 days" or "newest complete backup".</param>
public sealed record RetentionDecision(BackupCatalogEntry Entry, RetentionOutcome Outcome, string Reason)
{
    /// <summary>Why the deletion failed (<see cref="RetentionOutcome.Failed"/>).</summary>
    public Exception? Error { get; init; }

    /// <summary>The store folder the entry lives in.</summary>
    public string FolderPath => Entry.FolderPath;
}
