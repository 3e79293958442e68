namespace OpsModule.Core.Kubernetes.Config;

/// <summary>
/// The kubeconfig (or in-cluster service account) cannot give a usable connection: no file, a missing context,
/// an invalid entry, or an auth method this client does not support. The message says what to do and never
/// carries token, password or key material.
/// </summary>
public sealed class KubeConfigException : Exception
{
    public KubeConfigException(KubeConfigErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public KubeConfigErrorKind Kind { get; }

    /// <summary>The kubeconfig file(s) or context the failure is about, for the error record's target; null when unknown.</summary>
    public string? Target { get; private init; }

    /// <summary>The same failure, naming <paramref name="target"/> unless it already names one.</summary>
    internal KubeConfigException WithTarget(string target) =>
        Target is not null ? this : new KubeConfigException(Kind, Message, InnerException) { Target = target };
}
