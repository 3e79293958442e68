namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>How the command ended, from the status the server sent on the error channel.</summary>
/// <remarks>
/// The server's status message is deliberately not kept: kubelet's NonZeroExitCode message repeats the whole command line,
/// which may carry secrets (a password in a psql command), and results end up in logs.
/// </remarks>
/// <param name="ExitCode">0 on success, else the code from the NonZeroExitCode status.</param>
public sealed record PodExecResult(int ExitCode)
{
    public bool Succeeded => ExitCode == 0;
}
