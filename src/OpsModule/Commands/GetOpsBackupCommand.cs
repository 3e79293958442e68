using System.Management.Automation;
using OpsModule.Binding;
using OpsModule.Core.Backup;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Commands;

/// <summary>
/// <para type="synopsis">Lists the complete backups in a folder, S3 or Azure Blob store, newest first.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "OpsBackup")]
[OutputType(typeof(OpsBackup))]
public sealed class GetOpsBackupCommand : OpsStoreCmdlet
{
    /// <summary>The store: a folder, a UNC share, s3://bucket/prefix or azblob://account/container/prefix.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("StoreLocation", "Destination", "Path")]
    [ValidateNotNullOrEmpty]
    public string Store { get; set; } = string.Empty;

    /// <summary>Only backups of this kubeconfig context (as recorded in the backup).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.BackupContextCompleter))]
    public string? Context { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.BackupNamespaceCompleter))]
    public string? Namespace { get; set; }

    /// <summary>Database name; wildcards * and ? allowed.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.BackupDatabaseCompleter))]
    public string? Database { get; set; }

    [Parameter]
    public BackupKind? Kind { get => (BackupKind?)_kind; set => _kind = value; }

    // Boxed: a field of a Core value type would need OpsModule.Core before its load hook is registered (Loading/ModuleLoadHooks.cs).
    private object? _kind;

    /// <summary>Only backups started within this duration (e.g. 2h, 7d) or since this point in time.</summary>
    [Parameter]
    [DurationTransformation(AcceptsPointInTime = true)]
    public TimeSpan? Since { get; set; }

    /// <summary>Only the newest complete backup of each context/namespace/database.</summary>
    [Parameter]
    public SwitchParameter Latest { get; set; }

    /// <summary>Also list folders without a valid manifest (failed or running backups), as Incomplete, for cleanup.</summary>
    [Parameter]
    public SwitchParameter IncludeIncomplete { get; set; }

    protected override object? FailureTarget => Shown(Store);

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        await using var store = OpenStore(Store);
        var query = new BackupQuery
        {
            Context = Context,
            Namespace = Namespace,
            Database = Database,
            Kind = Kind,
            Since = DateTimeOffset.UtcNow - Since,
            Latest = Latest,
            IncludeIncomplete = IncludeIncomplete,
        };
        foreach (var backup in await BackupListing.ListAsync(store, query, cancellationToken))
        {
            await WriteObjectAsync(backup);
        }
    }
}
