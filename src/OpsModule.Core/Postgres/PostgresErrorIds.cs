namespace OpsModule.Core.Postgres;

/// <summary>
/// Stable error ids of the PostgreSQL plumbing, in the <c>Ops.&lt;Area&gt;.&lt;Reason&gt;</c> scheme of
/// <see cref="Errors.OpsErrorIds"/>. Part of the public contract: never rename one.
/// </summary>
public static class PostgresErrorIds
{
    public const string InvalidConnectionString = "Ops.Database.InvalidConnectionString";
    public const string Unreachable = "Ops.Database.Unreachable";
    public const string AuthenticationFailed = "Ops.Database.AuthenticationFailed";
    public const string DatabaseNotFound = "Ops.Database.NotFound";
    public const string TooManyConnections = "Ops.Database.TooManyConnections";
    public const string Timeout = "Ops.Database.Timeout";
    public const string QueryFailed = "Ops.Database.QueryFailed";
}
