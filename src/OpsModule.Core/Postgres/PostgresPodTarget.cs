namespace OpsModule.Core.Postgres;

/// <summary>A PostgreSQL server reached the runbook way: <c>psql</c> run inside its pod through the exec API.</summary>
public sealed record PostgresPodTarget(string Namespace, string Pod)
{
    public string? Container { get; init; }

    public string User { get; init; } = "postgres";

    public string Database { get; init; } = "postgres";

    /// <summary>"pod/postgres-0 (ceoagent)/postgres" — how findings name it.</summary>
    public string Describe() => $"pod/{Pod} ({Namespace})/{Database}";
}
