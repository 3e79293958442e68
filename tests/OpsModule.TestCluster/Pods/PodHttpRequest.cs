using System.Text.Json.Nodes;

namespace OpsModule.TestCluster;

/// <summary>A request that reached a simulated pod through the service or pod proxy.</summary>
public sealed record PodHttpRequest(
    string Method,
    string Path,
    string QueryString,
    string Namespace,
    string PodName,
    string? Port,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    JsonObject Pod);
