using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsModule.TestCluster.Exec;

/// <summary>The metav1.Status documents exec produces: HTTP error bodies before the upgrade, and the v4/v5 channel-3 status after.</summary>
internal static class ExecStatus
{
    public static async Task WriteHttpErrorAsync(HttpContext context, int code, string reason, string message, JsonObject? details = null)
    {
        var status = Api.StatusBodies.Failure(code, reason, message, details);
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(status.ToJsonString(), context.RequestAborted);
    }

    /// <summary>What kubelet writes when the command exited 0 (metav1.Status marshalled with empty TypeMeta).</summary>
    public static byte[] Success() => Encode(new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" });

    public static byte[] NonZeroExit(IReadOnlyList<string> command, int exitCode) => Encode(new JsonObject
    {
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = $"command terminated with non-zero exit code: error executing command [{string.Join(' ', command)}], exit code {exitCode}",
        ["reason"] = "NonZeroExitCode",
        ["details"] = new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
        },
    });

    /// <summary>What kubelet writes when the runtime could not start the command at all (e.g. executable not found).</summary>
    public static byte[] InternalError(string cause) => Encode(new JsonObject
    {
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = $"Internal error occurred: {cause}",
        ["reason"] = "InternalError",
        ["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = cause }) },
        ["code"] = 500,
    });

    private static byte[] Encode(JsonObject status) => Encoding.UTF8.GetBytes(status.ToJsonString());
}
