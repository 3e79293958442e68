
namespace OpsModule.Core.Storage.Catalog;

/// <summary>A backup folder's place in the layout <c>&lt;context&gt;/&lt;namespace&gt;/&lt;database&gt;/&lt;yyyyMMddTHHmmssZ&gt;-&lt;id&gt;</c>.</summary>
/// <param name="Path">The folder path inside the store.</param>
/// <param name="Context">The context segment (as stored: characters unsafe in paths replaced).</param>
/// <param name="Namespace">The namespace segment.</param>
/// <param name="Database">The database segment (<see cref="BackupLayout.ConfigSegment"/> for Config backups).</param>
/// <param name="Timestamp">The UTC start time in the folder name (whole seconds).</param>
/// <param name="Id">The backup id.</param>
public sealed record BackupFolderPath(string Path, string Context, string Namespace, string Database, DateTimeOffset Timestamp, string Id);
