namespace OpsModule.TestCluster;

/// <summary>What a simulated pod answers.</summary>
public sealed record PodHttpResponse(int StatusCode, string Body = "", string ContentType = "text/plain; charset=utf-8")
{
    /// <summary>How long the pod takes to answer.</summary>
    public TimeSpan Delay { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static PodHttpResponse Ok(string body = "ok") => new(200, body);

    public static PodHttpResponse Json(int statusCode, string json) => new(statusCode, json, "application/json");
}
