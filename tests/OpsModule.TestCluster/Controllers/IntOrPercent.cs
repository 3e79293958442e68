using System.Text.Json.Nodes;

namespace OpsModule.TestCluster.Controllers;

/// <summary>Resolves IntOrString values like maxUnavailable ("25%" or 1) against a total.</summary>
internal static class IntOrPercent
{
    public static int Resolve(JsonNode? value, int total, bool roundUp, int fallbackPercent)
    {
        if (value is JsonValue v && v.TryGetValue<int>(out var number)) return number;
        var text = value is JsonValue s && s.TryGetValue<string>(out var str) ? str : $"{fallbackPercent}%";
        if (text.EndsWith('%') && double.TryParse(text[..^1], out var percent))
        {
            var raw = total * percent / 100.0;
            return roundUp ? (int)Math.Ceiling(raw) : (int)Math.Floor(raw);
        }
        return int.TryParse(text, out var parsed) ? parsed : 0;
    }
}
