using System.Net;
using System.Net.Sockets;
using Polly;
using Polly.Retry;

namespace OpsModule.Core.Kubernetes.Client;

/// <summary>
/// When to retry a request. A 429 was refused before any work was done, so it is retried for every verb, after the server's
/// Retry-After, except an eviction's (a disruption budget's answer, see RetryHandler). 5xx and dropped connections may have been applied already, so they are retried for idempotent requests only
/// (GET, PUT, DELETE, merge patches), except a connection that could not be opened at all, which never reached the server.
/// </summary>
internal static class KubernetesRetryPolicy
{
    public static readonly ResiliencePropertyKey<bool> Idempotent = new("ops.idempotent");

    /// <summary>False for the requests whose 429 is an answer rather than throttling (evictions refused by a disruption budget).</summary>
    public static readonly ResiliencePropertyKey<bool> RetryTooManyRequests = new("ops.retry429");

    public static ResiliencePipeline<HttpResponseMessage> Create(KubernetesClientOptions options) =>
        new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseRetryDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && ShouldRetry(args.Outcome, args.Context)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryDelay)),
                OnRetry = args =>
                {
                    var why = args.Outcome.Result is { } response
                        ? $"{(int)response.StatusCode} {response.StatusCode}"
                        : args.Outcome.Exception?.GetType().Name ?? "failure";
                    options.Trace?.Invoke($"retry {args.AttemptNumber + 1}/{options.MaxRetries} after {why}, waiting {args.RetryDelay.TotalMilliseconds:0} ms");
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        var idempotent = context.Properties.GetValue(Idempotent, false);
        if (outcome.Result is { } response)
        {
            var code = (int)response.StatusCode;
            return (response.StatusCode == HttpStatusCode.TooManyRequests && context.Properties.GetValue(RetryTooManyRequests, true))
                || (idempotent && code is 500 or 502 or 503 or 504);
        }

        return outcome.Exception switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
            HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } => true,
            HttpRequestException or IOException => idempotent,
            TimeoutException => idempotent,
            _ => false,
        };
    }

    /// <summary>Honours Retry-After (seconds or a date); null lets the exponential backoff decide.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is null)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > cap ? cap : wait;
    }
}
