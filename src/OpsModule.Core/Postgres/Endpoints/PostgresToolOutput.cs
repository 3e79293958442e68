namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>A client tool run to its end: exit code and its output as text.</summary>
internal sealed record PostgresToolOutput(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
