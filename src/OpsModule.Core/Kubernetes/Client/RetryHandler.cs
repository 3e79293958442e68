using k8s.Models;
using System.Diagnostics;
using System.Net;
using Polly;

namespace OpsModule.Core.Kubernetes.Client;

/// <summary>
/// Retries with backoff on 429, and on 5xx and connection failures when the request is idempotent. KubernetesClient has
/// no retries by design; every request it sends passes through here. Requests through the API server's service/pod proxy
/// and WebSocket upgrades are never retried: the answer is the application's, not the API server's.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private readonly KubernetesClientOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public RetryHandler(KubernetesClientOptions options, HttpMessageHandler inner)
        : base(inner)
    {
        _options = options;
        _pipeline = KubernetesRetryPolicy.Create(options);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (IsPassThrough(request))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        // A retry sends the same request message again through the inner handler, so its body must be replayable.
        if (request.Content is { } content)
        {
            await content.LoadIntoBufferAsync();
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(KubernetesRetryPolicy.Idempotent, IsIdempotent(request));
        context.Properties.Set(KubernetesRetryPolicy.RetryTooManyRequests, !IsEviction(request));
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) => await state.Self.AttemptAsync(state.Request, ctx.CancellationToken),
                context,
                (Self: this, Request: request));
            cancellationToken.ThrowIfCancellationRequested();
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<Outcome<HttpResponseMessage>> AttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var response = await base.SendAsync(request, timeout.Token);
            Trace(request, response.StatusCode, stopwatch.Elapsed);
            return Outcome.FromResult(response);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Trace(request, null, stopwatch.Elapsed);
            return Outcome.FromException<HttpResponseMessage>(new TimeoutException(
                $"got no answer within {_options.RequestTimeout.TotalSeconds:0.#} s"));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            Trace(request, null, stopwatch.Elapsed);
            return Outcome.FromException<HttpResponseMessage>(e);
        }
    }

    private static bool IsPassThrough(HttpRequestMessage request) =>
        request.Headers.Upgrade.Count > 0
        || (request.RequestUri?.AbsolutePath.Contains("/proxy/", StringComparison.Ordinal) ?? false)
        || (request.RequestUri?.AbsolutePath.EndsWith("/proxy", StringComparison.Ordinal) ?? false)
        || (request.RequestUri?.Query.Contains("watch=true", StringComparison.Ordinal) ?? false);

    // An eviction's 429 is a PodDisruptionBudget's answer, not throttling: waiting a few seconds rarely changes it, and the caller
    // decides what to do (kubectl drain asks again every 5 s; Repair-OpsHealth reports it as skipped until the next run).
    private static bool IsEviction(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post && (request.RequestUri?.AbsolutePath.EndsWith("/eviction", StringComparison.Ordinal) ?? false);

    private static bool IsIdempotent(HttpRequestMessage request)
    {
        if (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Put
            || request.Method == HttpMethod.Delete)
        {
            return true;
        }

        // A merge or strategic-merge patch sets fields to values and can be sent twice; a JSON patch may add to a list.
        return request.Method == HttpMethod.Patch
            && request.Content?.Headers.ContentType?.MediaType is { } media
            && media != PatchType.JsonPatch.ContentType();
    }

    private void Trace(HttpRequestMessage request, HttpStatusCode? status, TimeSpan elapsed) =>
        _options.Trace?.Invoke(
            $"{request.Method} {request.RequestUri?.AbsolutePath} -> {(status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no response")} in {elapsed.TotalMilliseconds:0} ms");
}
