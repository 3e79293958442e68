using System.Management.Automation;
using OpsModule.Binding;
using OpsModule.Core.Health;
using OpsModule.Core.Postgres;

namespace OpsModule.Commands;

/// <summary>
/// <para type="synopsis">Runs the daily Kubernetes health checklist and emits one typed finding per problem.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "OpsHealth", DefaultParameterSetName = NamespaceSet)]
[OutputType(typeof(OpsHealthResult))]
[OutputType(typeof(OpsHealthReport))]
public sealed class GetOpsHealthCommand : OpsConnectionCmdlet
{
    private const string NamespaceSet = "Namespace";
    private const string AllNamespacesSet = "AllNamespaces";

    private readonly List<string> _namespaces = [];

    /// <summary>Namespaces to check; default: the context's namespace. Piped names are all checked in one run.</summary>
    [Parameter(Position = 0, ParameterSetName = NamespaceSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.NamespaceCompleter))]
    public string[]? Namespace { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = AllNamespacesSet)]
    public SwitchParameter AllNamespaces { get; set; }

    /// <summary>Label selector narrowing pods, workloads and services, e.g. app=web.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Selector { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public HealthCheck[]? Check { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.HealthCodeCompleter))]
    public string[]? ExcludeCode { get; set; }

    [Parameter]
    [ValidateRange(0, 10_000)]
    public int RestartThreshold { get; set; } = 5;

    /// <summary>How far back Warning events count: a duration such as 2h or 1d, or a point in time.</summary>
    [Parameter]
    [DurationTransformation(AcceptsPointInTime = true)]
    public TimeSpan Since { get; set; } = TimeSpan.FromHours(1);

    [Parameter]
    [Alias("HttpTimeout")]
    [ValidateRange(1, 300)]
    public int HttpTimeoutSec { get; set; } = 5;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? HttpPath { get; set; }

    [Parameter]
    public SwitchParameter PerPod { get; set; }

    [Parameter]
    [ValidateRange(1, 3650)]
    public int CertificateWarningDays { get; set; } = 30;

    [Parameter]
    [ValidateRange(1, 100)]
    public double CpuThreshold { get; set; } = 70;

    [Parameter]
    [ValidateRange(1, 100)]
    public double MemoryThreshold { get; set; } = 80;

    [Parameter]
    [ValidateRange(1, 100)]
    public double CriticalThreshold { get; set; } = 90;

    /// <summary>PostgreSQL to check: an Npgsql connection string or postgresql:// URI (put the password in -DatabaseCredential).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DatabaseConnection { get; set; }

    /// <summary>User name and password for -DatabaseConnection, so the password never sits on a command line.</summary>
    [Parameter]
    [Credential]
    public PSCredential? DatabaseCredential { get; set; }

    /// <summary>PostgreSQL pod to check with psql through the exec API (the runbooks' kubectl exec postgres-0 -- psql), in the first -Namespace.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.PodCompleter))]
    public string? DatabasePod { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DatabaseContainer { get; set; }

    /// <summary>Database role psql uses in -DatabasePod.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string DbUser { get; set; } = "postgres";

    /// <summary>Database psql connects to in -DatabasePod.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string DatabaseName { get; set; } = "postgres";

    [Parameter]
    [DurationTransformation]
    public TimeSpan DatabaseLongQueryThreshold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Seconds the whole database probe may take.</summary>
    [Parameter]
    [Alias("DatabaseTimeout")]
    [ValidateRange(1, 3_600)]
    public int DatabaseTimeoutSec { get; set; } = 10;

    /// <summary>Also emit the Healthy results (by default only problems are written).</summary>
    [Parameter]
    public SwitchParameter IncludeHealthy { get; set; }

    /// <summary>Emit one OpsHealthReport (status, score, grade, counts, results) instead of the findings.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    protected override object? FailureTarget => _namespaces.Count == 1 ? _namespaces[0] : null;

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        _namespaces.AddRange(Namespace ?? []);
        return Task.CompletedTask;
    }

    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        var api = await GetKubernetesClientAsync(cancellationToken);
        var options = new HealthOptions
        {
            Namespaces = _namespaces,
            AllNamespaces = AllNamespaces,
            Selector = Selector,
            Checks = (Check ?? []).ToHashSet(),
            ExcludeCodes = (ExcludeCode ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase),
            RestartThreshold = RestartThreshold,
            Since = Since,
            HttpTimeout = TimeSpan.FromSeconds(HttpTimeoutSec),
            HttpPaths = HttpPath ?? [],
            PerPod = PerPod,
            CertificateWarningDays = CertificateWarningDays,
            CpuWarningPercent = CpuThreshold,
            MemoryWarningPercent = MemoryThreshold,
            ResourceCriticalPercent = CriticalThreshold,
            IncludeHealthy = IncludeHealthy,
            DatabaseConnection = PostgresCredentialParameters.WithCredential(DatabaseConnection, DatabaseCredential),
            DatabasePod = DatabasePod is null ? null : new PostgresPodTarget(_namespaces.FirstOrDefault() ?? api.DefaultNamespace, DatabasePod)
            {
                Container = DatabaseContainer, User = DbUser, Database = DatabaseName,
            },
            DatabaseThresholds = new PostgresHealthThresholds { LongQueryThreshold = DatabaseLongQueryThreshold, Timeout = TimeSpan.FromSeconds(DatabaseTimeoutSec) },
        };
        var progress = CreateProgress<string>(status => WriteProgress(new ProgressRecord(1, "Get-OpsHealth", status)));

        var run = await new HealthChecker(api).RunAsync(options, progress, cancellationToken);

        foreach (var failure in run.Failures)
        {
            await WriteErrorAsync(failure.Error, failure.Namespace);
        }

        if (Summary && (AllNamespaces || run.Namespaces.Count > 0))
        {
            var context = (await GetKubernetesConfigurationAsync(cancellationToken)).ContextName ?? string.Empty;
            await WriteObjectAsync(HealthScore.Summarize(context, run.Namespaces, run.Results, run.Duration));
            return;
        }

        foreach (var result in run.Results.Where(r => IncludeHealthy || r.Status != HealthStatus.Healthy))
        {
            await WriteObjectAsync(result);
        }
    }
}
