namespace OpsModule.TestCluster.Exec;

/// <summary>Knobs a test sets on exec behaviour (fault injection and protocol limits).</summary>
public sealed class ExecOptions
{
}
