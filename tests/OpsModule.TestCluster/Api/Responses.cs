using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsModule.TestCluster.Api;

internal static class Responses
{
    public static Task WriteJsonAsync(HttpContext context, int statusCode, JsonNode body) =>
        WriteBytesAsync(context, statusCode, JsonPaths.Serialize(body));

    public static async Task WriteBytesAsync(HttpContext context, int statusCode, byte[] body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    public static async Task WriteStatusAsync(HttpContext context, ApiException error)
    {
        if (context.Response.HasStarted) return;
        if (error.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString();
        await WriteJsonAsync(context, error.Code, error.ToStatus());
    }
}
