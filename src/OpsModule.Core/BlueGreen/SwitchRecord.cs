using System.Globalization;
using System.Text.Json.Nodes;

namespace OpsModule.Core.BlueGreen;

/// <summary>
/// What the last successful switch did, kept as an annotation on the Service (written in the same patch as the selector), so
/// <c>-Rollback</c> knows exactly which colour, deployment and replicas to go back to.
/// </summary>
internal sealed record SwitchRecord(string From, string To, string FromDeployment, string ToDeployment, int FromReplicas, DateTimeOffset At)
{
    public const string AnnotationKey = "opsmodule.io/blue-green-last-switch";

    public string ToJson() => new JsonObject
    {
        ["from"] = From,
        ["to"] = To,
        ["fromDeployment"] = FromDeployment,
        ["toDeployment"] = ToDeployment,
        ["fromReplicas"] = FromReplicas,
        ["at"] = At.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
    }.ToJsonString();

    /// <summary>The record in a Service's annotations; null when there is none or it cannot be read.</summary>
    public static SwitchRecord? Read(IDictionary<string, string>? annotations)
    {
        if (annotations is null || !annotations.TryGetValue(AnnotationKey, out var text))
        {
            return null;
        }

        try
        {
            var node = JsonNode.Parse(text);
            var from = node?["from"]?.GetValue<string>();
            var to = node?["to"]?.GetValue<string>();
            var fromDeployment = node?["fromDeployment"]?.GetValue<string>();
            var toDeployment = node?["toDeployment"]?.GetValue<string>();
            if (from is null || to is null || fromDeployment is null || toDeployment is null)
            {
                return null;
            }

            var replicas = node?["fromReplicas"]?.GetValue<int>() ?? 1;
            var at = DateTimeOffset.TryParse(node?["at"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : DateTimeOffset.MinValue;
            return new SwitchRecord(from, to, fromDeployment, toDeployment, replicas, at);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
