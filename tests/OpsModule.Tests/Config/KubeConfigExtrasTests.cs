using System.Net;
using System.Net.Sockets;
using System.Text;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Config;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Config;

/// <summary>
/// The kubeconfig fields KubernetesClient's model does not read (proxy-url, disable-compression), proven on the wire:
/// a one-shot HTTP listener plays the proxy or the API server and records the request it got.
/// </summary>
public sealed class KubeConfigExtrasTests : IDisposable
{
    private const string VersionJson = """{"major":"1","minor":"31","gitVersion":"v1.31.0"}""";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Config(string server, string clusterExtra) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: {server}
        {clusterExtra}
        users:
        - name: u
          user:
            token: extras-token
        contexts:
        - name: x
          context: {"{"} cluster: c, user: u {"}"}
        current-context: x
        """;

    [Fact]
    public async Task Proxy_url_sends_every_request_through_the_proxy()
    {
        using var proxy = new OneShotHttpListener(VersionJson);
        var path = _dir.Write("proxied.yaml", Config("http://cluster.invalid:6443", $"    proxy-url: http://127.0.0.1:{proxy.Port}"));
        using var client = new KubernetesApiClient(KubeConfigLoader.Load(path, null, Env()));

        var version = await client.GetVersionAsync(CancellationToken.None);

        Assert.Equal("v1.31.0", version.GitVersion);
        // A forward proxy is asked for the absolute URL of the cluster, which the listener could not resolve itself.
        Assert.StartsWith("GET http://cluster.invalid:6443/version", await proxy.RequestLine);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("    disable-compression: true", false)]
    public async Task Disable_compression_stops_asking_for_gzip(string clusterExtra, bool expectGzip)
    {
        using var server = new OneShotHttpListener(VersionJson);
        var path = _dir.Write("compression.yaml", Config($"http://127.0.0.1:{server.Port}", clusterExtra));
        using var client = new KubernetesApiClient(KubeConfigLoader.Load(path, null, Env()));

        await client.GetVersionAsync(CancellationToken.None);

        var acceptEncoding = (await server.Headers).FirstOrDefault(h => h.StartsWith("Accept-Encoding:", StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
        Assert.Equal(expectGzip, acceptEncoding.Contains("gzip", StringComparison.OrdinalIgnoreCase));
    }

    private static KubeConfigEnvironment Env() => new(_ => null, "/nonexistent/serviceaccount");

    /// <summary>Accepts one connection, records the request head, answers 200 with a JSON body and closes.</summary>
    private sealed class OneShotHttpListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task<string[]> _head;

        public OneShotHttpListener(string json)
        {
            _listener.Start();
            _head = ServeOnceAsync(json);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public Task<string> RequestLine => _head.ContinueWith(t => t.Result[0], TaskScheduler.Default);

        public Task<string[]> Headers => _head;

        private async Task<string[]> ServeOnceAsync(string json)
        {
            using var socket = await _listener.AcceptTcpClientAsync();
            var stream = socket.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            var lines = new List<string>();
            for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
            {
                lines.Add(line);
            }

            var body = Encoding.UTF8.GetBytes(json);
            var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body);
            return [.. lines];
        }

        public void Dispose() => _listener.Stop();
    }
}
