using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Database;

/// <summary>
/// Files stored in a database backup's folder next to the dump and listed in the same manifest, which makes the backup
/// <see cref="BackupKind.Full"/> (today: the namespace's configuration, <c>Config.ConfigDumpCompanion</c>).
/// </summary>
public interface IDumpCompanion
{
    /// <summary>kubeconfig context the companion files come from; used for the folder layout of a connection-string dump.</summary>
    string? Context { get; }

    /// <summary>Namespace the companion files come from; used for the folder layout of a connection-string dump.</summary>
    string Namespace { get; }

    /// <summary>Stores the files into <paramref name="folderPath"/>, without a manifest. On failure the caller removes the folder.</summary>
    Task<IReadOnlyList<StoredFile>> WriteIntoAsync(string folderPath, CancellationToken cancellationToken);
}
