namespace OpsModule.Core.Kubernetes.Config;

/// <summary>
/// What loading reads from the outside world, so tests can run in parallel without touching the real
/// environment variables or /var/run/secrets.
/// </summary>
internal sealed record KubeConfigEnvironment(Func<string, string?> GetVariable, string ServiceAccountDirectory)
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static KubeConfigEnvironment Current { get; } =
        new(Environment.GetEnvironmentVariable, DefaultServiceAccountDirectory);
}
