using System.Management.Automation;
using OpsModule.Core.Backup;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Commands;

/// <summary>
/// <para type="synopsis">Removes backups from a store: the ones piped in, or those beyond a retention rule.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "OpsBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(OpsBackup))]
public sealed class RemoveOpsBackupCommand : OpsStoreCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string RetentionSet = "Retention";

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public OpsBackup[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = RetentionSet)]
    [Alias("StoreLocation", "Destination", "Path")]
    [ValidateNotNullOrEmpty]
    public string Store { get; set; } = string.Empty;

    /// <summary>Remove backups started more than this many days ago (the newest complete backup of each database is kept).</summary>
    [Parameter(ParameterSetName = RetentionSet)]
    [Alias("OlderThan")]
    [ValidateRange(1, 36_500)]
    public int? OlderThanDays { get; set; }

    /// <summary>Keep only the newest N complete backups of each database.</summary>
    [Parameter(ParameterSetName = RetentionSet)]
    [ValidateRange(1, 100_000)]
    public int? KeepLast { get; set; }

    [Parameter(ParameterSetName = RetentionSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.BackupNamespaceCompleter))]
    public string? Namespace { get; set; }

    [Parameter(ParameterSetName = RetentionSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.BackupDatabaseCompleter))]
    public string? Database { get; set; }

    /// <summary>Write each removed backup to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override object? FailureTarget => ParameterSetName == RetentionSet ? Shown(Store) : null;

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (ParameterSetName == RetentionSet)
        {
            await ApplyRetentionAsync(cancellationToken);
            return;
        }

        foreach (var backup in InputObject)
        {
            if (!await ShouldProcessAsync(backup.Location, "Remove backup"))
            {
                continue;
            }

            try
            {
                await using var store = OpenStore(backup.StoreLocation, backup);
                await BackupListing.RemoveAsync(store, backup, cancellationToken);
                await WriteVerboseAsync($"Removed {backup.Location}");
                if (PassThru)
                {
                    await WriteObjectAsync(backup);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await WriteErrorAsync(e, backup);
            }
        }
    }

    private async Task ApplyRetentionAsync(CancellationToken cancellationToken)
    {
        if (OlderThanDays is null && KeepLast is null)
        {
            throw new ArgumentException("Give -OlderThanDays and/or -KeepLast to say which backups to remove.");
        }

        await using var store = OpenStore(Store);
        var decisions = await BackupRetention.ApplyAsync(
            store,
            new BackupQuery { Namespace = Namespace, Database = Database, IncludeIncomplete = true },
            new RetentionPolicy(OlderThanDays, KeepLast),
            justCreatedId: null,
            entry => ShouldProcessAsync(entry.Location, "Remove backup"),
            cancellationToken);
        foreach (var decision in decisions)
        {
            switch (decision.Outcome)
            {
                case RetentionOutcome.Removed:
                    await WriteVerboseAsync($"Removed {decision.Entry.Location}: {decision.Reason}");
                    if (PassThru)
                    {
                        await WriteObjectAsync(OpsBackup.FromCatalogEntry(decision.Entry, store.Location));
                    }

                    break;
                case RetentionOutcome.Failed:
                    await WriteErrorAsync(decision.Error!, decision.Entry.Location);
                    break;
                default:
                    await WriteVerboseAsync($"Kept {decision.Entry.Location}: {decision.Reason}");
                    break;
            }
        }
    }
}
