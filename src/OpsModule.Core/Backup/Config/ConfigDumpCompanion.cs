using OpsModule.Core.Backup.Database;
using OpsModule.Core.Storage;

namespace OpsModule.Core.Backup.Config;

/// <summary>The namespace's configuration stored next to a database dump: what makes Invoke-OpsBackup -IncludeConfig a Full backup.</summary>
public sealed class ConfigDumpCompanion : IDumpCompanion
{
    private readonly ConfigBackupRunner _runner;
    private readonly ConfigBackupRequest _request;
    private readonly IProgress<ConfigBackupProgress>? _progress;

    public ConfigDumpCompanion(ConfigBackupRunner runner, ConfigBackupRequest request, IProgress<ConfigBackupProgress>? progress = null)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _request = request ?? throw new ArgumentNullException(nameof(request));
        _progress = progress;
    }

    public string? Context => _request.Context;

    public string Namespace => _request.Namespace;

    public async Task<IReadOnlyList<StoredFile>> WriteIntoAsync(string folderPath, CancellationToken cancellationToken) =>
        (await _runner.WriteIntoFolderAsync(folderPath, _request, _progress, cancellationToken)).Files;
}
