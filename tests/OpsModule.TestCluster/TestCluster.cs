using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpsModule.TestCluster.Exec;

namespace OpsModule.TestCluster;

/// <summary>An in-process Kubernetes API server test double on 127.0.0.1.</summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestCluster(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ExecOptions Exec { get; } = new();

    public static async Task<TestCluster> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        TestCluster? cluster = null;
        app.UseWebSockets();
        app.Map("/api/v1/namespaces/{namespace}/pods/{name}/exec",
            (HttpContext ctx, string @namespace, string name) => ExecEndpoint.HandleAsync(ctx, cluster!, @namespace, name));
        await app.StartAsync(cancellationToken);
        var address = app.Urls.First();
        cluster = new TestCluster(app, new Uri(address));
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
