using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>
/// Performs the WebSocket upgrade through the cluster's <see cref="HttpMessageInvoker"/> (so TLS trust, client
/// certificates and the Authorization header come from the same handler as REST calls) and, unlike ClientWebSocket,
/// keeps the body of a refused upgrade so the API server's Status message reaches the caller.
/// </summary>
internal static class ExecWebSocketConnector
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private const int MaxErrorBodyBytes = 64 * 1024;
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(30);

    public static async Task<(WebSocket Socket, string Protocol, IDisposable Response)> ConnectAsync(
        HttpMessageInvoker invoker, Uri uri, string target, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", key);
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Protocol", string.Join(", ", ExecProtocol.Offered));

        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new KubernetesApiException(
                $"Exec into {target} failed: could not reach the Kubernetes API server ({e.Message}).",
                method: "GET", requestPath: uri.AbsolutePath, innerException: e);
        }

        try
        {
            if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
            {
                throw await RefusedAsync(response, uri, target, cancellationToken).ConfigureAwait(false);
            }

            var protocol = SingleHeader(response, "Sec-WebSocket-Protocol");
            if (!ExpectedAccept(key).Equals(SingleHeader(response, "Sec-WebSocket-Accept"), StringComparison.Ordinal))
            {
                throw Protocol(uri, target, "the server's WebSocket handshake answer is invalid (Sec-WebSocket-Accept mismatch)");
            }

            if (protocol is null || !ExecProtocol.Offered.Contains(protocol))
            {
                throw Protocol(uri, target,
                    $"the server chose no supported exec protocol (offered {string.Join(", ", ExecProtocol.Offered)}; got '{protocol}')");
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
            {
                IsServer = false,
                SubProtocol = protocol,
                KeepAliveInterval = KeepAliveInterval,
            });
            return (socket, protocol, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static string ExpectedAccept(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));

    private static string? SingleHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values).Trim() : null;

    private static KubernetesApiException Protocol(Uri uri, string target, string problem) =>
        new($"Exec into {target} failed: {problem}.", method: "GET", requestPath: uri.AbsolutePath);

    /// <summary>Turns a refused upgrade into the API error, using the metav1.Status body when there is one.</summary>
    private static async Task<KubernetesApiException> RefusedAsync(
        HttpResponseMessage response, Uri uri, string target, CancellationToken cancellationToken)
    {
        var body = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
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

        var status = (int)response.StatusCode;
        var what = string.IsNullOrWhiteSpace(message) ? response.ReasonPhrase ?? "request refused" : message;
        var hint = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => " Check the credentials of the kubeconfig user.",
            HttpStatusCode.Forbidden when reason == "Forbidden" => " The user needs RBAC permission 'create' on 'pods/exec'.",
            _ => "",
        };
        return new KubernetesApiException(
            $"Exec into {target} failed: {what} (HTTP {status}{(reason is null ? "" : " " + reason)}).{hint}",
            response.StatusCode, reason, "GET", uri.AbsolutePath);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxErrorBodyBytes];
        var total = 0;
        int read;
        while (total < buffer.Length &&
               (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return buffer.AsMemory(0, total);
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
