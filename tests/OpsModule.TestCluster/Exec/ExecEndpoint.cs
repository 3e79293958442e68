using Microsoft.AspNetCore.Http;

namespace OpsModule.TestCluster.Exec;

/// <summary>
/// Serves <c>/api/v1/namespaces/{namespace}/pods/{name}/exec</c> over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io).
/// </summary>
public static class ExecEndpoint
{
    public static async Task HandleAsync(HttpContext context, TestCluster cluster, string @namespace, string podName)
    {
        _ = cluster;
        context.Response.StatusCode = StatusCodes.Status501NotImplemented;
        await context.Response.WriteAsync($"exec into {@namespace}/{podName} is not implemented yet");
    }
}
