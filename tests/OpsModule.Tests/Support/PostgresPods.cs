using System.Text.Json.Nodes;
using OpsModule.Tests.Health;

namespace OpsModule.Tests.Support;

/// <summary>Database pods of the test cluster that reach the real test PostgreSQL server.</summary>
internal static class PostgresPods
{
    /// <summary>
    /// The postgres StatefulSet whose pods' exec runs psql / pg_dump against <paramref name="server"/> (its host, port and password
    /// in the container's env, as the official image's tools would find their local server).
    /// </summary>
    public static JsonObject StatefulSet(string ns, PostgresServer server, int replicas = 1)
    {
        var statefulSet = RunbookApps.StatefulSet(ns, "postgres", replicas, "postgres:15");
        var env = new JsonArray();
        foreach (var (name, value) in server.ClientEnvironment().Where(e => e.Key is "PGHOST" or "PGPORT" or "PGPASSWORD"))
        {
            env.Add(new JsonObject { ["name"] = name, ["value"] = value });
        }

        statefulSet["spec"]!["template"]!["spec"]!["containers"]![0]!["env"] = env;
        return statefulSet;
    }
}
