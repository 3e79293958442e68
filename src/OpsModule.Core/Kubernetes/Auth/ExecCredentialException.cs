namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>
/// An exec credential plugin (kubelogin, aws, gke-gcloud-auth-plugin, ...) could not produce a credential.
/// The message names the kubeconfig user and the plugin, and may quote the plugin's stderr; it never quotes
/// the plugin's stdout, which is where credentials are printed.
/// </summary>
public sealed class ExecCredentialException : Exception
{
    public ExecCredentialException(
        ExecCredentialFailure failure, string command, string message, int? exitCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Command = command;
        ExitCode = exitCode;
    }

    public ExecCredentialFailure Failure { get; }

    /// <summary>The plugin command as written in the kubeconfig (a program name or path, never arguments).</summary>
    public string Command { get; }

    /// <summary>The plugin's exit code when it ran and failed.</summary>
    public int? ExitCode { get; }
}
