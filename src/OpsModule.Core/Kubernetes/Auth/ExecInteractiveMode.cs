namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>The kubeconfig's exec.interactiveMode.</summary>
internal enum ExecInteractiveMode
{
    IfAvailable,
    Never,
    Always,
}
