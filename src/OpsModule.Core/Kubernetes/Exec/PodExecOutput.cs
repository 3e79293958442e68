namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>A finished small command with its output captured as text (UTF-8).</summary>
public sealed record PodExecOutput(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
