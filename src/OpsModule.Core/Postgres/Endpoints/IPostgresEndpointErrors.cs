namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>How a job (backup, restore, drill) words the endpoint's failures: its own error ids and advice.</summary>
internal interface IPostgresEndpointErrors
{
    /// <summary>A query failed; <paramref name="reason"/> is the server's or the connection's word for it.</summary>
    Exception QueryFailed(string database, string reason, Exception? inner);

    /// <summary>A local tool could not be started (not installed, wrong folder).</summary>
    Exception ToolNotInstalled(PostgresClientTool tool, string executable, Exception inner);

    /// <summary>The API server refused to start the tool in the pod.</summary>
    Exception ToolNotStarted(PostgresClientTool tool, string database, Exception inner);

    /// <summary>The pod does not exist (the exec answered 404).</summary>
    Exception PodNotFound(Exception inner);
}
