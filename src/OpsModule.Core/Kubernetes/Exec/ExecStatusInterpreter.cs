using System.Globalization;
using System.Net;
using System.Text.Json;

namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>
/// Reads the metav1.Status that v4/v5 servers send on the error channel when the command ends:
/// Success → exit 0; Failure/NonZeroExitCode → the ExitCode cause; any other failure (the command could not run) → an API error.
/// </summary>
internal static class ExecStatusInterpreter
{
    public static PodExecResult Interpret(ReadOnlySpan<byte> json, string target, string requestPath)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new KubernetesApiException(
                $"Exec into {target} failed: the server's exit status is not a valid Status object.",
                method: "GET", requestPath: requestPath, innerException: e);
        }

        using (document)
        {
            var root = document.RootElement;
            var status = String(root, "status");
            var reason = String(root, "reason");
            var message = String(root, "message");
            if (status == "Success") return new PodExecResult(0);

            if (status == "Failure" && reason == "NonZeroExitCode" && ExitCode(root) is int exitCode)
            {
                return new PodExecResult(exitCode);
            }

            HttpStatusCode? code = root.TryGetProperty("code", out var codeElement) && codeElement.TryGetInt32(out var number)
                ? (HttpStatusCode)number
                : null;
            throw new KubernetesApiException(
                $"Exec into {target} failed: {message ?? "the server reported a failure without a message"}" +
                (reason is null ? "." : $" ({reason})."),
                code, reason, "GET", requestPath);
        }
    }

    private static int? ExitCode(JsonElement root)
    {
        if (!root.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Object ||
            !details.TryGetProperty("causes", out var causes) || causes.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var cause in causes.EnumerateArray())
        {
            if (cause.ValueKind == JsonValueKind.Object && String(cause, "reason") == "ExitCode" &&
                int.TryParse(String(cause, "message"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var exitCode))
            {
                return exitCode;
            }
        }

        return null;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
