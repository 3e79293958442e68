using System.Text.Json.Nodes;

namespace OpsModule.TestCluster;

/// <summary>The behaviors and HTTP handlers tests registered; the most recently registered matching rule wins.</summary>
internal sealed class BehaviorRules
{
    private readonly List<(PodMatch Match, PodBehavior Behavior)> _behaviors = [];
    private readonly List<(PodMatch Match, string? Path, Func<PodHttpRequest, Task<PodHttpResponse>> Handler)> _handlers = [];

    /// <summary>Changes whenever the behaviors change, so the simulated kubelet looks at every pod again.</summary>
    public int BehaviorVersion { get; private set; }

    public void AddBehavior(PodMatch match, PodBehavior behavior)
    {
        _behaviors.Add((match, behavior));
        BehaviorVersion++;
    }

    public void AddHandler(PodMatch match, string? path, Func<PodHttpRequest, Task<PodHttpResponse>> handler) => _handlers.Add((match, path, handler));

    public void ClearBehaviors()
    {
        _behaviors.Clear();
        BehaviorVersion++;
    }

    public PodBehavior BehaviorFor(JsonObject pod, JsonObject container)
    {
        for (var i = _behaviors.Count - 1; i >= 0; i--)
        {
            if (_behaviors[i].Match.Matches(pod, container)) return _behaviors[i].Behavior;
        }
        return PodBehavior.Healthy;
    }

    public Func<PodHttpRequest, Task<PodHttpResponse>>? HandlerFor(JsonObject pod, string path)
    {
        for (var i = _handlers.Count - 1; i >= 0; i--)
        {
            var rule = _handlers[i];
            if ((rule.Path is null || rule.Path == path) && rule.Match.Matches(pod, null)) return rule.Handler;
        }
        return null;
    }
}
