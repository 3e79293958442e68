namespace OpsModule.Core.Health;

/// <summary>The whole checklist as one verdict (-Summary): the worst status, a Popeye-style score and grade, and every result.</summary>
public sealed class OpsHealthReport
{
    public required string Context { get; init; }

    public required IReadOnlyList<string> Namespaces { get; init; }

    public required HealthStatus Status { get; init; }

    /// <summary>0–100: the share of checked objects that are healthy, warnings counting half.</summary>
    public required int Score { get; init; }

    /// <summary>A (90+), B (80+), C (70+), D (60+), E (50+), F.</summary>
    public required string Grade { get; init; }

    public required int Healthy { get; init; }

    public required int Warning { get; init; }

    public required int Critical { get; init; }

    public required int Unknown { get; init; }

    /// <summary>How long the checks took.</summary>
    public required double DurationSeconds { get; init; }

    public required IReadOnlyList<OpsHealthResult> Results { get; init; }

    public DateTimeOffset Timestamp { get; init; } = DateTimeOffset.UtcNow;
}
