namespace OpsModule.TestCluster;

/// <summary>
/// Makes the cluster misbehave on purpose: the next N (matching) requests fail with a status, 429 with Retry-After,
/// or a connection reset; every request can be slowed down; namespaces or verbs can be forbidden (403).
/// </summary>
public sealed class FaultInjector
{
    private readonly object _sync = new();
    private readonly List<PendingFault> _pending = [];
    private readonly List<(string Verb, string Resource, string? Namespace)> _denied = [];
    private readonly HashSet<string> _forbiddenNamespaces = new(StringComparer.Ordinal);
    private TimeSpan _latency;
    private Func<FaultRequest, bool>? _latencyWhen;
    private int _fired;

    /// <summary>The next <paramref name="count"/> matching requests fail with <paramref name="statusCode"/> (500, 503, 504...) and a Status body.</summary>
    public void FailNext(int count, int statusCode = 500, Func<FaultRequest, bool>? when = null) =>
        Add(new PendingFault { Kind = FaultKind.Status, StatusCode = statusCode, When = when, Remaining = count });

    /// <summary>The next <paramref name="count"/> matching requests get 429 TooManyRequests with a Retry-After header.</summary>
    public void ThrottleNext(int count, int retryAfterSeconds = 1, Func<FaultRequest, bool>? when = null) =>
        Add(new PendingFault { Kind = FaultKind.Throttle, StatusCode = 429, RetryAfterSeconds = retryAfterSeconds, When = when, Remaining = count });

    /// <summary>The next <paramref name="count"/> matching requests have their connection aborted (the client sees a reset).</summary>
    public void ResetNext(int count, Func<FaultRequest, bool>? when = null) =>
        Add(new PendingFault { Kind = FaultKind.ConnectionReset, When = when, Remaining = count });

    /// <summary>Delay added before every (matching) request is handled.</summary>
    public void AddLatency(TimeSpan latency, Func<FaultRequest, bool>? when = null)
    {
        lock (_sync)
        {
            _latency = latency;
            _latencyWhen = when;
        }
    }

    /// <summary>Every request to this namespace is refused with 403 Forbidden.</summary>
    public void ForbidNamespace(string @namespace)
    {
        lock (_sync) _forbiddenNamespaces.Add(@namespace);
    }

    /// <summary>RBAC-like deny rule: <paramref name="verb"/> (get, list, watch, create, update, patch, delete, deletecollection or "*")
    /// on <paramref name="resource"/> ("pods", "deployments/scale", "pods/exec" or "*"), optionally only in one namespace.</summary>
    public void Forbid(string verb, string resource, string? @namespace = null)
    {
        lock (_sync) _denied.Add((verb, resource, @namespace));
    }

    /// <summary>Removes every pending fault, latency and deny rule.</summary>
    public void Clear()
    {
        lock (_sync)
        {
            _pending.Clear();
            _denied.Clear();
            _forbiddenNamespaces.Clear();
            _latency = TimeSpan.Zero;
            _latencyWhen = null;
        }
    }

    /// <summary>Faults still waiting for a request.</summary>
    public int Pending
    {
        get { lock (_sync) return _pending.Sum(p => p.Remaining); }
    }

    /// <summary>How many injected faults have fired so far.</summary>
    public int Fired
    {
        get { lock (_sync) return _fired; }
    }

    internal TimeSpan LatencyFor(FaultRequest request)
    {
        lock (_sync) return _latencyWhen is null || _latencyWhen(request) ? _latency : TimeSpan.Zero;
    }

    internal PendingFault? Take(FaultRequest request)
    {
        lock (_sync)
        {
            var fault = _pending.FirstOrDefault(p => p.Remaining > 0 && (p.When is null || p.When(request)));
            if (fault is null) return null;
            fault.Remaining--;
            if (fault.Remaining == 0) _pending.Remove(fault);
            _fired++;
            return fault;
        }
    }

    internal bool IsForbidden(string verb, string resource, string? @namespace)
    {
        lock (_sync)
        {
            if (@namespace is not null && _forbiddenNamespaces.Contains(@namespace)) return true;
            return _denied.Any(d => (d.Verb == "*" || d.Verb == verb) && (d.Resource == "*" || d.Resource == resource)
                && (d.Namespace is null || d.Namespace == @namespace));
        }
    }

    private void Add(PendingFault fault)
    {
        if (fault.Remaining <= 0) throw new ArgumentOutOfRangeException(nameof(fault), "count must be positive");
        lock (_sync) _pending.Add(fault);
    }
}
