using System.Management.Automation;
using OpsModule.Core.BlueGreen;
using OpsModule.Core.Errors;

namespace OpsModule.Commands;

/// <summary>
/// <para type="synopsis">Switches a Service from one colour to the other with rollout wait, health gates and automatic rollback.</para>
/// </summary>
[Cmdlet(VerbsCommon.Switch, "BlueGreen", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(OpsBlueGreenResult))]
public sealed class SwitchBlueGreenCommand : OpsConnectionCmdlet
{
    /// <summary>The live Service whose selector picks the colour.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Service { get; set; } = string.Empty;

    /// <summary>Base name of the deployments: the colours are &lt;name&gt;-blue and &lt;name&gt;-green.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Deployment { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BlueDeployment { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? GreenDeployment { get; set; }

    [Parameter]
    [ValidateCount(2, 2)]
    public string[] Colors { get; set; } = ["blue", "green"];

    /// <summary>Selector key carrying the colour; default: the key whose value is one of -Colors.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SelectorKey { get; set; }

    /// <summary>The colour (or version value, e.g. v2) to switch to; default: the idle colour.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? To { get; set; }

    /// <summary>Set this image on the idle deployment before it is scaled up.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Image { get; set; }

    [Parameter]
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

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var api = await GetKubernetesClientAsync(cancellationToken);
        var options = new BlueGreenOptions
        {
            Namespace = await ResolveNamespaceAsync(cancellationToken),
            Service = Service,
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
        var switcher = new BlueGreenSwitcher(api);
        var plan = await switcher.PlanAsync(options, cancellationToken);
        if (!await ShouldProcessAsync(plan.Describe(), $"Switch {plan.Namespace}/{plan.Service} from {plan.From} to {plan.To}?", "Switch-BlueGreen"))
        {
            return;
        }

        var progress = CreateProgress<BlueGreenProgress>(p => WriteProgress(new ProgressRecord(3, $"Switch-BlueGreen {Service}", $"{p.Step}: {p.Status}")
        {
            PercentComplete = Math.Min(100, p.Index * 100 / Math.Max(1, p.Total)),
        }));
        var result = await switcher.SwitchAsync(options, progress.Report, cancellationToken);
        await WriteObjectAsync(result);
        if (result.Status != BlueGreenStatus.Switched)
        {
            await WriteErrorAsync(
                new OpsException($"Ops.BlueGreen.{result.Status}", OpsErrorCategory.InvalidResult,
                    $"Switch of {result.Namespace}/{result.Service} to {result.To} {result.Status}: {result.Reason}",
                    "Read the failed step with: $result.Steps | Format-Table. Reason says which colour the Service selects now."),
                result);
        }
    }
}
