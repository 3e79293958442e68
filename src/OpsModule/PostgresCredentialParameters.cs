using System.Management.Automation;
using OpsModule.Core.Postgres;

namespace OpsModule;

/// <summary>Maps a -ConnectionString with an optional -Credential to the connection string Core uses.</summary>
internal static class PostgresCredentialParameters
{
    public static string? WithCredential(string? connectionString, PSCredential? credential) =>
        connectionString is null || credential is null
            ? connectionString
            : PostgresConnectionString.WithLogin(connectionString, credential.UserName, credential.GetNetworkCredential().Password);
}
