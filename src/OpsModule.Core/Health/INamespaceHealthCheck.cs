namespace OpsModule.Core.Health;

/// <summary>
/// One family of the checklist judged per namespace: what it is called (-Check), which lists it needs fetched, and its
/// findings for one namespace's snapshot. Register a new one in <see cref="HealthCheckRegistry"/>.
/// </summary>
internal interface INamespaceHealthCheck
{
    HealthCheck Check { get; }

    SnapshotParts Needs { get; }

    ValueTask<IReadOnlyList<OpsHealthResult>> EvaluateAsync(NamespaceSnapshot snapshot, HealthCheckContext context, CancellationToken cancellationToken);
}

/// <summary>A check that only reads the snapshot (no probes, no I/O): most of them.</summary>
internal abstract class SnapshotCheck : INamespaceHealthCheck
{
    public abstract HealthCheck Check { get; }

    public abstract SnapshotParts Needs { get; }

    public ValueTask<IReadOnlyList<OpsHealthResult>> EvaluateAsync(NamespaceSnapshot snapshot, HealthCheckContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<OpsHealthResult>>(Evaluate(snapshot, context).ToList());

    public abstract IEnumerable<OpsHealthResult> Evaluate(NamespaceSnapshot snapshot, HealthCheckContext context);
}
