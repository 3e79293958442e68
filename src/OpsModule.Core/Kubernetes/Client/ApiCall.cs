using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Autorest;

namespace OpsModule.Core.Kubernetes.Client;

/// <summary>Runs one KubernetesClient call and turns its failures into a <see cref="KubernetesApiException"/> that says what to do.</summary>
internal static class ApiCall
{
    public static async Task<T> RunAsync<T>(Uri server, string method, string path, Func<Task<HttpOperationResponse<T>>> call)
    {
        try
        {
            using var response = await call();
            return response.Body ?? throw new JsonException("empty body");
        }
        catch (HttpOperationException e)
        {
            throw StatusFailure(method, path, e.Response.StatusCode, e.Response.Content ?? string.Empty);
        }
        catch (TimeoutException e)
        {
            throw new KubernetesApiException(
                $"{method} {path} {e.Message} from {server.GetLeftPart(UriPartial.Authority)}.",
                method: method, requestPath: path, innerException: e) { Server = server.GetLeftPart(UriPartial.Authority) };
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw ConnectionFailure(server, method, path, e);
        }
        catch (JsonException e)
        {
            throw new KubernetesApiException(
                $"{method} {path} returned a body that is not the expected {typeof(T).Name}: {e.Message}",
                method: method, requestPath: path, innerException: e);
        }
    }

    public static KubernetesApiException ConnectionFailure(Uri server, string method, string path, Exception e) => new(
        $"Cannot reach the Kubernetes API server at {server.GetLeftPart(UriPartial.Authority)} ({method} {path}): {e.Message} " +
        "Check that the cluster is up, and the server address and certificates in the kubeconfig.",
        method: method, requestPath: path, innerException: e) { Server = server.GetLeftPart(UriPartial.Authority) };

    public static KubernetesApiException StatusFailure(string method, string path, HttpStatusCode status, string body)
    {
        var detail = TryReadStatus(body, out var reason, out var message)
            ? message
            : body.Length > 300 ? body[..300] + "…" : body;
        var hint = status switch
        {
            HttpStatusCode.Unauthorized => " The credentials in the kubeconfig were refused: log in again or refresh the token.",
            HttpStatusCode.Forbidden => " Your identity lacks RBAC permission for this; ask a cluster admin, or check with 'kubectl auth can-i'.",
            _ => string.Empty,
        };
        return new KubernetesApiException(
            $"{method} {path} failed: {(int)status} {reason ?? status.ToString()}: {detail}{hint}".TrimEnd(),
            status, reason ?? status.ToString(), method, path) { Causes = ReadCauses(body) };
    }

    private static string[] ReadCauses(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["details"]?["causes"] is JsonArray causes
                ? causes.Select(c => (string?)c?["message"]).OfType<string>().Where(m => m.Length > 0).ToArray()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static bool TryReadStatus(string body, out string? reason, out string? message)
    {
        reason = null;
        message = null;
        try
        {
            if (JsonNode.Parse(body) is JsonObject status && (string?)status["kind"] == "Status")
            {
                reason = (string?)status["reason"];
                message = (string?)status["message"];
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
