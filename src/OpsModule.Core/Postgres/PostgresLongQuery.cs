namespace OpsModule.Core.Postgres;

/// <summary>A statement that has been running longer than the probe's threshold (a row of pg_stat_activity).</summary>
/// <param name="Pid">Backend process id: what pg_cancel_backend / pg_terminate_backend take.</param>
/// <param name="User">Role running it, or null when the server does not say.</param>
/// <param name="Database">Database it runs in.</param>
/// <param name="Duration">Time since the statement started.</param>
/// <param name="Query">Start of the statement text (100 characters), with literals blanked out when it sets a password.</param>
public sealed record PostgresLongQuery(int Pid, string? User, string? Database, TimeSpan Duration, string Query);
