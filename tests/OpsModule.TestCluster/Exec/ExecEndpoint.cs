using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace OpsModule.TestCluster.Exec;

/// <summary>
/// Serves <c>/api/v1/namespaces/{namespace}/pods/{name}/exec</c> over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io),
/// running the command as a local process with the container's env, as the issue asks.
/// Validation and messages follow the real API server (pod/registry streamLocation, kubelet remotecommand).
/// </summary>
public static class ExecEndpoint
{
    public static async Task HandleAsync(HttpContext context, TestCluster cluster, string @namespace, string podName)
    {
        var query = context.Request.Query;
        var pod = cluster.TryGetPod(@namespace, podName);
        if (pod is null)
        {
            await ExecStatus.WriteHttpErrorAsync(context, 404, "NotFound", $"pods \"{podName}\" not found",
                new JsonObject { ["name"] = podName, ["kind"] = "pods" });
            return;
        }

        var containers = pod["spec"]?["containers"] as JsonArray ?? [];
        var containerName = (string?)query["container"] ?? "";
        var container = ResolveContainer(containers, containerName, podName, out var containerError);
        if (container is null)
        {
            await ExecStatus.WriteHttpErrorAsync(context, 400, "BadRequest", containerError!);
            return;
        }

        if (NotRunningError(pod, (string)container["name"]!, podName) is { } notRunning)
        {
            if (notRunning.Code == 400) await ExecStatus.WriteHttpErrorAsync(context, 400, "BadRequest", notRunning.Message);
            else await WritePlainErrorAsync(context, notRunning.Code, notRunning.Message);
            return;
        }

        var command = query["command"].Where(c => c is not null).Select(c => c!).ToArray();
        var stdin = ParseBool(query["stdin"]);
        var stdout = ParseBool(query["stdout"]);
        var stderr = ParseBool(query["stderr"]);
        var requestError =
            command.Length == 0 ? "you must specify at least one command for the container"
            : !stdin && !stdout && !stderr ? "you must specify at least 1 of stdin, stdout, stderr"
            : ParseBool(query["tty"]) ? "tty is not supported by the test cluster's exec (no terminal is allocated)"
            : !context.WebSockets.IsWebSocketRequest ? "Upgrade request required"
            : null;
        if (requestError is not null)
        {
            await ExecStatus.WriteHttpErrorAsync(context, 400, "BadRequest", requestError);
            return;
        }

        var supported = cluster.Exec.SupportedProtocols;
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var protocol = requested.FirstOrDefault(p => supported.Contains(p, StringComparer.Ordinal));
        if (protocol is null)
        {
            // The real server (wsstream over x/net/websocket) fails the handshake with 403 when no subprotocol matches.
            await WritePlainErrorAsync(context, StatusCodes.Status403Forbidden,
                $"requested protocol(s) are not supported: [{string.Join(' ', requested)}]; supports [{string.Join(' ', supported)}]");
            return;
        }

        var invocation = new ExecInvocation(@namespace, podName, (string)container["name"]!, command,
            ContainerEnvironment(container, podName), stdin, stdout, stderr, protocol);
        invocation = cluster.Exec.CommandRewriter?.Invoke(invocation) ?? invocation;
        cluster.Exec.Record(invocation);
        var fake = cluster.Exec.CommandInterceptor?.Invoke(invocation);
        var dropAfterBytes = cluster.Exec.TakeDropLimit();

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol });
        var session = new ExecSession(context, socket, invocation, protocol == ExecProtocols.V5, dropAfterBytes);
        await session.RunAsync(fake);
    }

    private static JsonObject? ResolveContainer(JsonArray containers, string name, string podName, out string? error)
    {
        error = null;
        var all = containers.OfType<JsonObject>().ToList();
        if (name.Length > 0)
        {
            var match = all.FirstOrDefault(c => (string?)c["name"] == name);
            if (match is null) error = $"container {name} is not valid for pod {podName}";
            return match;
        }

        switch (all.Count)
        {
            case 1:
                return all[0];
            case 0:
                error = $"a container name must be specified for pod {podName}";
                return null;
            default:
                // The API server does not pick one; kubectl does (default-container annotation, else the first) and sends it.
                error = $"a container name must be specified for pod {podName}, choose one of: [{string.Join(' ', all.Select(c => (string?)c["name"]))}]";
                return null;
        }
    }

    /// <summary>
    /// A pod that is not scheduled is refused by the API server (400); a container that is not running is refused by kubelet,
    /// whose plain-text error the API server passes through (kubectl: "unable to upgrade connection: container not found").
    /// </summary>
    private static (int Code, string Message)? NotRunningError(JsonObject pod, string container, string podName)
    {
        var phase = (string?)pod["status"]?["phase"];
        if (string.IsNullOrEmpty((string?)pod["spec"]?["nodeName"]) && phase is null or "Pending")
        {
            return (400, $"pod {podName} does not have a host assigned");
        }

        var status = (pod["status"]?["containerStatuses"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .FirstOrDefault(s => (string?)s["name"] == container);
        var running = status is not null
            ? status["state"]?["running"] is not null
            : phase is null or "Running" or "Unknown";
        return running ? null : (500, $"container not found (\"{container}\")");
    }

    private static async Task WritePlainErrorAsync(HttpContext context, int code, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message, context.RequestAborted);
    }

    private static Dictionary<string, string> ContainerEnvironment(JsonObject container, string podName)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOSTNAME"] = podName };
        foreach (var entry in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            // Only literal values: valueFrom (secretKeyRef, configMapKeyRef, fieldRef) is not resolved by the test double.
            if ((string?)entry["name"] is { Length: > 0 } name && entry["value"] is JsonValue value)
            {
                env[name] = value.ToString();
            }
        }

        return env;
    }

    /// <summary>Go's strconv.ParseBool, which the API server's query-parameter conversion uses.</summary>
    private static bool ParseBool(StringValues values) =>
        (string?)values is "1" or "t" or "T" or "true" or "TRUE" or "True";
}
