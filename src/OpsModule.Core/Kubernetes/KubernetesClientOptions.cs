namespace OpsModule.Core.Kubernetes;

/// <summary>Behaviour of the REST client: retries, timeouts, tracing.</summary>
public sealed record KubernetesClientOptions
{
    /// <summary>Retries after the first attempt for retryable failures (429 always; 5xx and connection failures when idempotent).</summary>
    public int MaxRetries { get; init; } = 4;

    public TimeSpan BaseRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Upper bound of one wait, including a server's Retry-After.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one attempt of one request (not of a streaming exec or watch).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Receives one line per request and per retry: verb, path without query, status, time. Never headers or bodies.</summary>
    public Action<string>? Trace { get; init; }

    public static KubernetesClientOptions Default { get; } = new();
}
