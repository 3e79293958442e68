using System.Management.Automation;
using OpsModule.Binding;
using OpsModule.Core.Backup;
using OpsModule.Core.DisasterRecovery;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Commands;

/// <summary>
/// <para type="synopsis">Runs the DR drill on a backup: RPO, checksum-verified restore into a scratch database, verification, RTO, cleanup.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "DisasterRecovery", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = BackupSet)]
[OutputType(typeof(OpsDrTestResult))]
public sealed class TestDisasterRecoveryCommand : OpsRestoreTargetCmdlet
{
    private const string BackupSet = "Backup";
    private const string LatestSet = "Latest";

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = BackupSet)]
    [ValidateNotNull]
    public OpsBackup? InputObject { get; set; }

    /// <summary>The store to take the latest complete backup of -Database from.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = LatestSet)]
    [Alias("StoreLocation", "Destination")]
    [ValidateNotNullOrEmpty]
    public string Store { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = LatestSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.SourceDatabaseCompleter))]
    public string Database { get; set; } = string.Empty;

    /// <summary>Only backups taken from this namespace (for -Database).</summary>
    [Parameter(ParameterSetName = LatestSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.SourceNamespaceCompleter))]
    public string? SourceNamespace { get; set; }

    /// <summary>kubeconfig context of the primary cluster whose API and nodes the drill checks first.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.KubeContextCompleter))]
    public string? PrimaryContext { get; set; }

    /// <summary>kubeconfig context of the DR cluster whose pod (-PodName or -Selector) restores the scratch database; default: -Context.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.KubeContextCompleter))]
    public string? TargetContext { get; set; }

    /// <summary>Namespace of that pod in the DR cluster; default: -Namespace, else the context's namespace.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.NamespaceCompleter))]
    public string? TargetNamespace { get; set; }

    /// <summary>Largest acceptable age of the backup, e.g. 24h (the runbooks' RPO).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan RpoTarget { get; set; } = DisasterRecoveryDrillRequest.DefaultRpoTarget;

    /// <summary>Longest acceptable restore-and-verify time, e.g. 30m (the runbooks' RTO).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan RtoTarget { get; set; } = DisasterRecoveryDrillRequest.DefaultRtoTarget;

    /// <summary>Scratch database name; default dr_&lt;db&gt;_&lt;UTC timestamp&gt;. An existing database of that name is never touched.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ScratchDatabase { get; set; }

    /// <summary>SQL that must return at least one row in the restored database, e.g. "SELECT 1 FROM users LIMIT 1".</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? VerifyQuery { get; set; }

    [Parameter]
    public SwitchParameter KeepScratch { get; set; }

    protected override object? FailureTarget => InputObject ?? (object?)Shown(Store);

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        Context = Same(Context, TargetContext, "Context");
        Namespace = Same(Namespace, TargetNamespace, "Namespace");
        await using var store = OpenStore(InputObject?.StoreLocation ?? Store, InputObject);
        var backup = InputObject ?? await BackupListing.GetLatestAsync(store, new BackupQuery { Database = Database, Namespace = SourceNamespace }, cancellationToken);
        // Without -Namespace/-TargetNamespace the drill restores where the backup was taken, as Restore-OpsDatabase does.
        var backupNamespace = backup.GetClusterNamespace();
        var target = await CreateRestoreTargetAsync(cancellationToken, backupNamespace);
        if (!await ShouldProcessAsync(target.Describe(), $"Restore backup {backup.Id} into a scratch database, verify, and drop it"))
        {
            return;
        }

        var targetApi = UsesPodTarget ? await GetKubernetesClientAsync(cancellationToken) : null;
        var primaryApi = PrimaryContext is null ? null : await GetKubernetesClientAsync(PrimaryContext, cancellationToken);
        var request = new DisasterRecoveryDrillRequest(backup, target)
        {
            RpoTarget = RpoTarget,
            RtoTarget = RtoTarget,
            ScratchDatabase = ScratchDatabase,
            VerifyQueries = VerifyQuery ?? [],
            KeepScratch = KeepScratch,
            NoOwner = NoOwner,
            NoPrivileges = NoPrivileges,
        };
        var progress = CreateProgress<DisasterRecoveryProgress>(p => WriteProgress(new ProgressRecord(3, $"Test-DisasterRecovery {backup.Database}: {p.Step}", p.Message)
        {
            PercentComplete = p.Restore is { TotalBytes: > 0 } r ? (int)Math.Min(100, r.BytesRead * 100 / r.TotalBytes) : -1,
        }));
        var result = await new DisasterRecoveryDrill(store, targetApi, primaryApi).RunAsync(request, progress, cancellationToken);
        await WriteObjectAsync(result);
    }

    /// <summary>-TargetX names the DR cluster's X; it may repeat -X, never contradict it.</summary>
    private static string? Same(string? value, string? targetValue, string name) =>
        value is not null && targetValue is not null && !string.Equals(value, targetValue, StringComparison.Ordinal)
            ? throw new ArgumentException($"-{name} '{value}' and -Target{name} '{targetValue}' disagree; -Target{name} is the DR cluster's {name.ToLowerInvariant()}: give one of them.")
            : value ?? targetValue;
}
