using System.Management.Automation;
using OpsModule.Core.Backup;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Commands;

/// <summary>
/// <para type="synopsis">Restores a database backup, verified: checksum before anything is replaced, row counts after, apps scaled down meanwhile.</para>
/// </summary>
[Cmdlet(VerbsData.Restore, "OpsDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = BackupSet)]
[OutputType(typeof(OpsRestoreResult))]
public sealed class RestoreOpsDatabaseCommand : OpsRestoreTargetCmdlet
{
    private const string BackupSet = "Backup";
    private const string LocationSet = "Location";
    private const string StoreFolderSet = "StoreFolder";

    /// <summary>The backup to restore, e.g. from Invoke-OpsBackup or Get-OpsBackup -Latest.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = BackupSet)]
    [ValidateNotNull]
    public OpsBackup? InputObject { get; set; }

    /// <summary>The backup folder's full location as Get-OpsBackup shows it (a folder path, s3://bucket/prefix/... or azblob://account/container/prefix/...).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = LocationSet)]
    [ValidateNotNullOrEmpty]
    public string? Location { get; set; }

    /// <summary>The store holding the backup: a folder, a UNC share, s3://bucket/prefix or azblob://account/container/prefix.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = StoreFolderSet)]
    [Alias("StoreLocation", "Destination")]
    [ValidateNotNullOrEmpty]
    public string Store { get; set; } = string.Empty;

    /// <summary>The backup's folder inside the store (OpsBackup.FolderPath).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = StoreFolderSet)]
    [ValidateNotNullOrEmpty]
    public string FolderPath { get; set; } = string.Empty;

    /// <summary>Restore under another name (created if missing); default: the backup's database.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TargetDatabase { get; set; }

    /// <summary>Replace a target database that already holds tables.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Deployments to scale to 0 during the restore and back to their replicas afterwards, also on failure.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.DeploymentCompleter))]
    public string[]? ScaleDown { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ScaleDownSelector { get; set; }

    protected override object? FailureTarget => InputObject ?? (object?)Shown(Location) ?? Shown(Store);

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var (storeLocation, folderPath) = Location is null ? (InputObject?.StoreLocation ?? Store, FolderPath) : BackupLayout.SplitLocation(Location);
        await using var store = OpenStore(storeLocation, InputObject);
        var backup = InputObject ?? await BackupListing.GetAsync(store, folderPath, cancellationToken);
        // Without -Namespace a backup goes back where it was taken, not into the context's default namespace.
        var backupNamespace = backup.GetClusterNamespace();
        var target = await CreateRestoreTargetAsync(cancellationToken, backupNamespace);
        var usesCluster = UsesPodTarget || ScaleDown is not null || ScaleDownSelector is not null;
        var api = usesCluster ? await GetKubernetesClientAsync(cancellationToken) : null;
        var ns = usesCluster ? Namespace ?? backupNamespace ?? await ResolveNamespaceAsync(cancellationToken) : null;
        var database = TargetDatabase ?? backup.Database;
        if (!await ShouldProcessAsync($"{database} on {target.Describe()}", DescribeAction(backup, ns)))
        {
            return;
        }

        var request = new DatabaseRestoreRequest(backup, target)
        {
            TargetDatabase = TargetDatabase,
            Force = Force,
            NoOwner = NoOwner,
            NoPrivileges = NoPrivileges,
            ScaleDown = ScaleDown ?? [],
            ScaleDownSelector = ScaleDownSelector,
            ScaleDownNamespace = ns,
        };
        var progress = CreateProgress<DatabaseRestoreProgress>(p => WriteProgress(new ProgressRecord(2, $"Restore-OpsDatabase {p.Database}", p.Stage.ToString())
        {
            PercentComplete = p.TotalBytes > 0 ? (int)Math.Min(100, p.BytesRead * 100 / p.TotalBytes) : -1,
        }));
        await WriteObjectAsync(await new DatabaseRestoreRunner(store, api).RunAsync(request, progress, cancellationToken));
    }

    private string DescribeAction(OpsBackup backup, string? ns)
    {
        var action = Force ? $"Restore backup {backup.Id}, replacing the database if it holds data" : $"Restore backup {backup.Id}";
        var scaled = new List<string>();
        if (ScaleDown is { Length: > 0 })
        {
            scaled.Add($"deployment(s) {string.Join(", ", ScaleDown)}");
        }

        if (ScaleDownSelector is not null)
        {
            scaled.Add($"the deployments matching {ScaleDownSelector}");
        }

        return scaled.Count == 0 ? action : $"Scale {string.Join(" and ", scaled)} in {ns} to 0, {action[0..1].ToLowerInvariant()}{action[1..]}, then scale them back";
    }
}
