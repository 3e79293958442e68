namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>The database pod and container the client tools run in, and the database user they connect as.</summary>
internal sealed record PostgresPod(string Namespace, string Pod, string? Container, string User)
{
    /// <summary>"pod/postgres-0 (ceoagent)".</summary>
    public string Describe() => $"pod/{Pod} ({Namespace})";
}
