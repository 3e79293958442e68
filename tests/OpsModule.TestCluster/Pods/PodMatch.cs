using System.Text.Json.Nodes;
using OpsModule.TestCluster.Selectors;

namespace OpsModule.TestCluster;

/// <summary>Chooses the pods (and containers) a behavior or HTTP handler applies to.</summary>
public sealed class PodMatch
{
    private readonly Func<JsonObject, JsonObject?, bool> _predicate;

    private PodMatch(string description, Func<JsonObject, JsonObject?, bool> predicate)
    {
        Description = description;
        _predicate = predicate;
    }

    public string Description { get; }

    /// <summary>Every pod.</summary>
    public static PodMatch Any { get; } = new("any pod", (_, _) => true);

    /// <summary>One pod by namespace and name.</summary>
    public static PodMatch Named(string @namespace, string name) =>
        new($"pod {@namespace}/{name}", (pod, _) =>
            JsonPaths.Str(pod, "metadata", "namespace") == @namespace && JsonPaths.Str(pod, "metadata", "name") == name);

    /// <summary>Pods whose name starts with <paramref name="prefix"/> (e.g. a deployment's pods: "web-").</summary>
    public static PodMatch NamePrefix(string @namespace, string prefix) =>
        new($"pods {@namespace}/{prefix}*", (pod, _) =>
            JsonPaths.Str(pod, "metadata", "namespace") == @namespace
            && (JsonPaths.Str(pod, "metadata", "name") ?? "").StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Pods matching a label selector (query-string syntax), optionally in one namespace.</summary>
    public static PodMatch Labels(string labelSelector, string? @namespace = null)
    {
        var selector = LabelSelector.Parse(labelSelector);
        return new($"pods with labels {labelSelector}", (pod, _) =>
            (@namespace is null || JsonPaths.Str(pod, "metadata", "namespace") == @namespace) && selector.Matches(pod));
    }

    /// <summary>Containers running exactly this image (for HTTP handlers: pods with any container running it).</summary>
    public static PodMatch Image(string image) =>
        new($"image {image}", (pod, container) => container is null
            ? JsonPaths.Objects(JsonPaths.Walk(pod, "spec", "containers")).Any(c => JsonPaths.Str(c, "image") == image)
            : JsonPaths.Str(container, "image") == image);

    internal bool Matches(JsonObject pod, JsonObject? container) => _predicate(pod, container);

    public override string ToString() => Description;
}
