using System.Net;
using System.Text;
using System.Text.Json;

namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>An exec handshake the API server refused, with the reason and message of its Status body.</summary>
internal sealed class ExecRefusal : Exception
{
    private const int MaxBodyBytes = 64 * 1024;

    private ExecRefusal(HttpStatusCode status, string? reason, string detail)
        : base(detail)
    {
        Status = status;
        Reason = reason;
    }

    public HttpStatusCode Status { get; }

    public string? Reason { get; }

    public static async Task<ExecRefusal> ReadAsync(HttpMessageInvoker invoker, Uri webSocketUri, CancellationToken cancellationToken)
    {
        var uri = new UriBuilder(webSocketUri) { Scheme = webSocketUri.Scheme == "wss" ? "https" : "http" }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await invoker.SendAsync(request, cancellationToken);
        var body = await ReadBoundedAsync(response, cancellationToken);
        string? reason = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                reason = OptionalString(document.RootElement, "reason");
                message = OptionalString(document.RootElement, "message");
            }
        }
        catch (JsonException)
        {
            var text = Encoding.UTF8.GetString(body.Span).Trim();
            message = text.Length > 300 ? text[..300] + "…" : text;
        }

        var detail = string.IsNullOrWhiteSpace(message) ? response.ReasonPhrase ?? "request refused" : message;
        return new ExecRefusal(response.StatusCode, reason, detail);
    }

    public KubernetesApiException ToApiException(string target, string requestPath)
    {
        var hint = Status switch
        {
            HttpStatusCode.Unauthorized => " Check the credentials of the kubeconfig user.",
            HttpStatusCode.Forbidden when Reason == "Forbidden" => " The user needs RBAC permission 'create' on 'pods/exec'.",
            _ => "",
        };
        return new KubernetesApiException(
            $"Exec into {target} failed: {Message} (HTTP {(int)Status}{(Reason is null ? "" : " " + Reason)}).{hint}",
            Status, Reason, "GET", requestPath, this);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyBytes];
        var total = 0;
        int read;
        while (total < buffer.Length &&
               (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return buffer.AsMemory(0, total);
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
