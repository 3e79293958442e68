using System.Diagnostics;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Benchmarks.BlueGreen;

/// <summary>
/// Clients sending GET / through the API server's service proxy back to back, as users of the Service would, recording every
/// answer that is not 2xx with its time (a timeout counts as a failure too).
/// </summary>
internal sealed class TrafficGenerator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops;
    private readonly object _sync = new();
    private readonly List<(DateTimeOffset At, string What)> _failures = [];
    private long _sent;

    public TrafficGenerator(IKubernetesApi api, string @namespace, string service, int clients) =>
        _loops = Enumerable.Range(0, clients).Select(_ => Task.Run(() => LoopAsync(api, @namespace, service))).ToList();

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Failures since <paramref name="since"/>.</summary>
    public IReadOnlyList<(DateTimeOffset At, string What)> FailuresSince(DateTimeOffset since)
    {
        lock (_sync)
        {
            return _failures.Where(f => f.At >= since).ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }

    private async Task LoopAsync(IKubernetesApi api, string @namespace, string service)
    {
        while (!_stop.IsCancellationRequested)
        {
            string? failure;
            try
            {
                var response = await api.ProxyGetAsync(ProxyTarget.Service, @namespace, service, "http", "/", TimeSpan.FromSeconds(2), _stop.Token);
                failure = response.IsSuccess ? null : $"{(int)response.StatusCode} {response.Body}";
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is KubernetesApiException or OperationCanceledException or HttpRequestException)
            {
                failure = e.GetType().Name + ": " + e.Message;
            }

            Interlocked.Increment(ref _sent);
            if (failure is not null)
            {
                lock (_sync)
                {
                    _failures.Add((DateTimeOffset.UtcNow, failure));
                }
            }

            await Task.Delay(5, CancellationToken.None);
        }
    }
}
