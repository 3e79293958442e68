using System.Text;
using Microsoft.AspNetCore.Http;
using OpsModule.TestCluster.Selectors;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Api;

/// <summary>
/// <c>?watch=true</c>: newline-delimited watch events. resourceVersion "" or "0" starts with the current objects as ADDED;
/// a later resourceVersion replays the changes after it; timeoutSeconds ends the stream; allowWatchBookmarks is accepted and ignored.
/// </summary>
internal static class WatchHandler
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    public static async Task HandleAsync(HttpContext context, ClusterEngine engine, ApiRequest api)
    {
        var type = api.Type!;
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], type);
        var resourceVersion = query["resourceVersion"].ToString();
        long? since = null;
        if (resourceVersion is not ("" or "0"))
        {
            if (!long.TryParse(resourceVersion, out var parsed))
                throw StatusBodies.BadRequest($"invalid resource version: \"{resourceVersion}\"");
            since = parsed;
        }
        var timeout = int.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);
        var watcher = new Watcher(type.StorageKey, type.Namespaced ? api.Namespace : null,
            o => labels.Matches(o.Object) && fields.Matches(o.Object),
            o => ListRenderer.Render(o, type));
        engine.Read(() =>
        {
            if (since is null)
            {
                foreach (var existing in engine.Store.List(type, api.Namespace))
                {
                    if (labels.Matches(existing.Object) && fields.Matches(existing.Object))
                        watcher.Enqueue("ADDED", ListRenderer.Render(existing, type));
                }
            }
            engine.Store.Subscribe(watcher, since);
            return 0;
        });
        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.Body.FlushAsync(context.RequestAborted);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            cts.CancelAfter(timeout);
            try
            {
                while (await watcher.Events.WaitToReadAsync(cts.Token))
                {
                    while (watcher.Events.TryRead(out var change))
                    {
                        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"{change.Type}\",\"object\":"), cts.Token);
                        await context.Response.Body.WriteAsync(change.Object, cts.Token);
                        await context.Response.Body.WriteAsync("}"u8.ToArray(), cts.Token);
                        await context.Response.Body.WriteAsync(Newline, cts.Token);
                    }
                    await context.Response.Body.FlushAsync(cts.Token);
                }
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                // timeoutSeconds elapsed: end the stream cleanly, like the API server.
            }
        }
        finally
        {
            engine.Read(() =>
            {
                engine.Store.Unsubscribe(watcher);
                return 0;
            });
        }
    }
}
