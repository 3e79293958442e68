using System.Net.Http.Headers;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Config;
using k8s;
using k8s.Models;

namespace OpsModule.Benchmarks;

/// <summary>
/// Profiling aid on one long-lived connection: the pods list as raw bytes (the test cluster rendering it plus TLS transfer)
/// vs the same list typed through our client (adds System.Text.Json deserialization), and one service-proxy probe.
/// </summary>
internal sealed class ListProfile : IDisposable
{
    private readonly KubernetesApiClient _client;
    private readonly HttpClient _raw;
    private readonly string _ns;
    private readonly string _service;

    public ListProfile(string kubeconfig, string ns, string service)
    {
        var configuration = OpsModule.Core.Kubernetes.Config.KubernetesClientConfiguration.Load(kubeconfig);
        _client = new KubernetesApiClient(configuration);
        _raw = new HttpClient(configuration.CreateHandler()) { BaseAddress = _client.Server };
        _raw.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _ns = ns;
        _service = service;
    }

    public long LastRawBytes { get; private set; }

    public async Task RawPodsAsync()
    {
        var bytes = await _raw.GetByteArrayAsync($"/api/v1/namespaces/{_ns}/pods");
        LastRawBytes = bytes.Length;
    }

    public Task TypedPodsAsync() => _client.ListAsync<V1Pod>(_ns, null, CancellationToken.None);

    public async Task ProbeAsync()
    {
        var response = await _client.ProxyGetAsync(ProxyTarget.Service, _ns, _service, "http", "/health", TimeSpan.FromSeconds(5), CancellationToken.None);
        if (!response.IsSuccess)
        {
            throw new InvalidOperationException($"probe of {_service} answered {(int)response.StatusCode}");
        }
    }

    public void Dispose()
    {
        _raw.Dispose();
        _client.Dispose();
    }
}
