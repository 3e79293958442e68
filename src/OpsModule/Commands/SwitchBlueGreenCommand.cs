using System.Collections;
using System.Management.Automation;
using OpsModule.Core.BlueGreen;
using OpsModule.Core.Errors;

namespace OpsModule.Commands;

/// <summary>
/// <para type="synopsis">Switches traffic from one colour to the other (Service selector or Istio weights) with rollout wait, health gates and automatic rollback.</para>
/// </summary>
[Cmdlet(VerbsCommon.Switch, "BlueGreen", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = SelectorSet)]
[OutputType(typeof(OpsBlueGreenResult))]
public sealed class SwitchBlueGreenCommand : OpsConnectionCmdlet
{
    private const string SelectorSet = "Selector";
    private const string VirtualServiceSet = "VirtualService";
    private const string RollbackSet = "Rollback";

    /// <summary>The live Service whose selector picks the colour.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SelectorSet)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = RollbackSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public string? Service { get; set; }

    /// <summary>Namespace of the Service and deployments; default: the context's namespace, else "default".</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.NamespaceCompleter))]
    public string? Namespace { get; set; }

    /// <summary>Istio weight mode: the VirtualService whose route weights move traffic.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = VirtualServiceSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.VirtualServiceCompleter))]
    public string? VirtualService { get; set; }

    /// <summary>Switch back to the colour the last switch came from (recorded on the Service), scaling it up first if it is at 0.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RollbackSet)]
    public SwitchParameter Rollback { get; set; }

    /// <summary>Weight mode: percent of traffic to the new colour, step by step (the runbook's 50/50, 20/80, 0/100).</summary>
    [Parameter(ParameterSetName = VirtualServiceSet)]
    [ValidateRange(1, 100)]
    public int[] TrafficSteps { get; set; } = [50, 80, 100];

    /// <summary>Weight mode: seconds each step is watched before the next (the last step is watched for -VerifyDurationSec).</summary>
    [Parameter(ParameterSetName = VirtualServiceSet)]
    [Alias("StepInterval")]
    [ValidateRange(0, 86_400)]
    public int StepIntervalSec { get; set; } = 30;

    /// <summary>Weight mode: destination subset per colour, e.g. @{ blue = 'v1'; green = 'v2' }; default: the colour's name.</summary>
    [Parameter(ParameterSetName = VirtualServiceSet)]
    public Hashtable? Subset { get; set; }

    /// <summary>Also run Get-OpsHealth's pod and deployment checks on the new colour before traffic moves: any Critical finding stops the switch.</summary>
    [Parameter]
    public SwitchParameter HealthCheck { get; set; }

    /// <summary>Base name of the deployments: the colours are &lt;name&gt;-blue and &lt;name&gt;-green.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ColorBaseNameCompleter))]
    public string? Deployment { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.DeploymentCompleter))]
    public string? BlueDeployment { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.DeploymentCompleter))]
    public string? GreenDeployment { get; set; }

    [Parameter]
    [ValidateCount(2, 2)]
    public string[] Colors { get; set; } = ["blue", "green"];

    /// <summary>Selector key carrying the colour; default: the key whose value is one of -Colors.</summary>
    [Parameter(ParameterSetName = SelectorSet)]
    [Parameter(ParameterSetName = RollbackSet)]
    [ValidateNotNullOrEmpty]
    public string? SelectorKey { get; set; }

    /// <summary>The colour (or version value, e.g. v2) to switch to; default: the idle colour.</summary>
    [Parameter(ParameterSetName = SelectorSet)]
    [Parameter(ParameterSetName = VirtualServiceSet)]
    [ValidateNotNullOrEmpty]
    public string? To { get; set; }

    /// <summary>Set this image on the idle deployment before it is scaled up.</summary>
    [Parameter(ParameterSetName = SelectorSet)]
    [Parameter(ParameterSetName = VirtualServiceSet)]
    [ValidateNotNullOrEmpty]
    public string? Image { get; set; }

    [Parameter(ParameterSetName = SelectorSet)]
    [Parameter(ParameterSetName = VirtualServiceSet)]
    [ValidateNotNullOrEmpty]
    public string? Container { get; set; }

    [Parameter]
    [ValidateRange(1, 10_000)]
    public int? Replicas { get; set; }

    /// <summary>Seconds to wait for the new colour to be rolled out (the script's 300).</summary>
    [Parameter]
    [Alias("Timeout")]
    [ValidateRange(1, 86_400)]
    public int TimeoutSec { get; set; } = 300;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string HealthPath { get; set; } = "/health";

    [Parameter]
    [ValidateRange(1, 100)]
    public int HealthyChecks { get; set; } = 3;

    /// <summary>Seconds the Service must keep answering after the switch before the old colour is retired.</summary>
    [Parameter]
    [Alias("VerifyDuration")]
    [ValidateRange(0, 3_600)]
    public int VerifyDurationSec { get; set; } = 30;

    [Parameter]
    [Alias("ScaleDownDelay")]
    [ValidateRange(0, 86_400)]
    public int ScaleDownDelaySec { get; set; } = 30;

    /// <summary>Leave the old colour running (ready for an instant switch back).</summary>
    [Parameter]
    public SwitchParameter KeepPrevious { get; set; }

    /// <summary>On a failure before the switch, leave the new colour scaled up for debugging.</summary>
    [Parameter]
    public SwitchParameter KeepFailed { get; set; }

    /// <summary>Take over a stale lock (older than -TimeoutSec) left by a crashed switch.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override object? FailureTarget => Service ?? VirtualService;

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var api = await GetKubernetesClientAsync(cancellationToken);
        var options = new BlueGreenOptions
        {
            Namespace = Namespace ?? await GetContextNamespaceAsync(cancellationToken),
            Service = Service,
            VirtualService = VirtualService,
            Rollback = Rollback,
            HealthCheck = HealthCheck,
            Deployment = Deployment,
            BlueDeployment = BlueDeployment,
            GreenDeployment = GreenDeployment,
            Colors = Colors,
            SelectorKey = SelectorKey,
            To = To,
            Image = Image,
            Container = Container,
            Replicas = Replicas,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            HealthPath = HealthPath,
            HealthyChecks = HealthyChecks,
            VerifyDuration = TimeSpan.FromSeconds(VerifyDurationSec),
            ScaleDownDelay = TimeSpan.FromSeconds(ScaleDownDelaySec),
            KeepPrevious = KeepPrevious,
            KeepFailed = KeepFailed,
            Force = Force,
        };
        if (VirtualService is not null)
        {
            options = options with
            {
                TrafficSteps = TrafficSteps,
                StepInterval = TimeSpan.FromSeconds(StepIntervalSec),
                Subsets = Subset?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString() ?? string.Empty, e => e.Value?.ToString() ?? string.Empty),
            };
        }

        var switcher = new BlueGreenSwitcher(api);
        var plan = await switcher.PlanAsync(options, cancellationToken);
        var what = plan.VirtualService is null ? $"service {plan.Service}" : $"virtualservice {plan.VirtualService}";
        var verb = Rollback ? "Roll back" : "Switch";
        if (!await ShouldProcessAsync(plan.Describe(), $"{verb} {what} in {plan.Namespace} from {plan.From} to {plan.To}?", "Switch-BlueGreen"))
        {
            return;
        }

        var progress = CreateProgress<BlueGreenProgress>(p => WriteProgress(new ProgressRecord(3, $"Switch-BlueGreen {Service ?? VirtualService}", $"{p.Step}: {p.Status}")
        {
            PercentComplete = Math.Min(100, p.Index * 100 / Math.Max(1, p.Total)),
        }));
        var result = await switcher.SwitchAsync(options, progress, cancellationToken);
        await WriteObjectAsync(result);
        if (result.Status != BlueGreenStatus.Switched)
        {
            var failed = result.Steps.LastOrDefault(s => s.Status == BlueGreenStepStatus.Failed);
            var detail = failed?.Message is { } message && result.Reason?.Contains(message, StringComparison.Ordinal) != true ? $" ({message})" : string.Empty;
            var step = failed is null ? string.Empty : $" Failed step: {failed.Name}{detail}.";
            await WriteErrorAsync(
                new OpsException($"Ops.BlueGreen.{result.Status}", OpsErrorCategory.InvalidResult,
                    $"Switch of {result.Namespace}/{result.VirtualService ?? result.Service} to {result.To} {result.Status}: {result.Reason}{step}",
                    "The error's TargetObject is the switch result: $Error[0].TargetObject.Steps | Format-Table (in a catch block: $_.TargetObject.Steps). Reason says where traffic goes now."),
                result);
        }
    }
}
