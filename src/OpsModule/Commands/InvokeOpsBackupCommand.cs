using System.Globalization;
using System.Management.Automation;
using System.Security;
using OpsModule.Core.Backup;
using OpsModule.Core.Backup.Config;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Commands;

/// <summary>
/// <para type="synopsis">Backs up PostgreSQL databases (pg_dump in the pod, or locally) and the namespace's configuration to a folder, S3 or Azure Blob Storage.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "OpsBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PodSet)]
[OutputType(typeof(OpsBackup))]
public sealed class InvokeOpsBackupCommand : OpsClusterStoreCmdlet
{
    private const string PodSet = "Pod";
    private const string ConnectionStringSet = "ConnectionString";
    private const string ConfigOnlySet = "ConfigOnly";

    /// <summary>Where to store: a folder, a UNC share, s3://bucket/prefix or azblob://account/container/prefix.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("StoreLocation", "Destination", "Path")]
    [ValidateNotNullOrEmpty]
    public string Store { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PodSet)]
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ConnectionStringSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.BackupDatabaseCompleter))]
    public string[] Database { get; set; } = [];

    /// <summary>The database pod; default: the first Running and Ready pod matching -Selector.</summary>
    [Parameter(ParameterSetName = PodSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.PodCompleter))]
    public string? PodName { get; set; }

    [Parameter(ParameterSetName = PodSet)]
    [ValidateNotNullOrEmpty]
    public string Selector { get; set; } = BackupServiceRequest.DefaultSelector;

    [Parameter(ParameterSetName = PodSet)]
    [ValidateNotNullOrEmpty]
    public string? Container { get; set; }

    [Parameter(ParameterSetName = PodSet)]
    [ValidateNotNullOrEmpty]
    public string DbUser { get; set; } = "postgres";

    /// <summary>Run a local pg_dump against this server instead (put the password in -Credential; it reaches pg_dump only through its environment).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ConnectionStringSet)]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    [Parameter(ParameterSetName = ConnectionStringSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter(ParameterSetName = PodSet)]
    [Parameter(ParameterSetName = ConnectionStringSet)]
    public BackupFormat Format { get => (BackupFormat)_format; set => _format = value; }

    // Boxed: a field of a Core value type would need OpsModule.Core before its load hook is registered (Loading/ModuleLoadHooks.cs).
    private object _format = BackupFormat.Plain;

    [Parameter(ParameterSetName = PodSet)]
    [Parameter(ParameterSetName = ConnectionStringSet)]
    [ValidateRange(0, 9)]
    public int CompressionLevel { get; set; } = 6;

    /// <summary>
    /// Also save the namespace's Deployments, StatefulSets, Services, Ingresses, ConfigMaps, Secrets, HPAs, PVCs and CronJobs as YAML
    /// in each database's backup folder, which makes it a Full backup.
    /// </summary>
    [Parameter(ParameterSetName = PodSet)]
    public SwitchParameter IncludeConfig { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ConfigOnlySet)]
    public SwitchParameter ConfigOnly { get; set; }

    /// <summary>Keep Secret values, encrypted with -EncryptionPassphrase (AES-256-GCM); without it they are redacted.</summary>
    [Parameter(ParameterSetName = PodSet)]
    [Parameter(ParameterSetName = ConfigOnlySet)]
    public SwitchParameter IncludeSecretValues { get; set; }

    [Parameter(ParameterSetName = PodSet)]
    [Parameter(ParameterSetName = ConfigOnlySet)]
    public SecureString? EncryptionPassphrase { get; set; }

    /// <summary>After a successful backup, remove backups older than this many days (the runbooks keep 7).</summary>
    [Parameter]
    [ValidateRange(1, 36_500)]
    public int? RetentionDays { get; set; }

    [Parameter]
    [ValidateRange(1, 100_000)]
    public int? KeepLast { get; set; }

    protected override object? FailureTarget => Shown(Store);

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (IncludeSecretValues && EncryptionPassphrase is null)
        {
            throw new ArgumentException("-IncludeSecretValues needs -EncryptionPassphrase: Secret values are only ever stored encrypted.");
        }

        var local = ParameterSetName == ConnectionStringSet;
        var what = ConfigOnly ? "configuration" : string.Join(", ", Database);
        if (!await ShouldProcessAsync($"{what} -> {Shown(Store)}", "Back up"))
        {
            return;
        }

        var api = local ? null : await GetKubernetesClientAsync(cancellationToken);
        var context = local ? null : (await GetKubernetesConfigurationAsync(cancellationToken)).ContextName;
        using var encryptor = IncludeSecretValues ? ConfigSecretEncryptor.Create(EncryptionPassphrase!) : null;
        await using var store = OpenStore(Store);
        var request = new BackupServiceRequest
        {
            Store = store,
            Context = context,
            Namespace = local ? null : await ResolveNamespaceAsync(cancellationToken),
            Databases = ConfigOnly ? [] : Database,
            PodName = PodName,
            Selector = Selector,
            Container = Container,
            DbUser = DbUser,
            ConnectionString = local ? PostgresCredentialParameters.WithCredential(ConnectionString, Credential) : null,
            Format = Format,
            CompressionLevel = CompressionLevel,
            IncludeConfig = IncludeConfig,
            ConfigOnly = ConfigOnly,
            SecretEncryption = encryptor,
            Retention = RetentionDays is null && KeepLast is null ? null : new RetentionPolicy(RetentionDays, KeepLast),
        };
        var handlers = new BackupServiceHandlers
        {
            Completed = backup => WriteObjectAsync(backup),
            Failed = failure => WriteErrorAsync(failure.Error, failure.Target),
            ConfirmRemoval = entry => ShouldProcessAsync(entry.Location, "Remove expired backup"),
        };
        var progress = CreateProgress<BackupServiceProgress>(p => WriteProgress(new ProgressRecord(1, $"Invoke-OpsBackup: {p.Activity}", Describe(p))));

        var summary = await new BackupService(api).RunAsync(request, handlers, progress, cancellationToken);
        foreach (var removed in summary.Removed)
        {
            await WriteVerboseAsync($"Retention removed {removed.Entry.Location}: {removed.Reason}");
        }
    }

    private static string Describe(BackupServiceProgress progress) => progress.Dump is { } dump
        ? string.Format(CultureInfo.InvariantCulture, "{0}: {1:0.0} MiB dumped, {2:0.0} MiB/s", dump.Database, dump.BytesDumped / 1048576.0, dump.BytesPerSecond / 1048576.0)
        : progress.Message;
}
