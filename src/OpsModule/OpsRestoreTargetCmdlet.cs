using System.Management.Automation;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;

namespace OpsModule;

/// <summary>
/// Base of the cmdlets that restore a backup somewhere (Restore-OpsDatabase, Test-DisasterRecovery): the restore target
/// (-PodName … or -ConnectionString …) and the store parameters they share.
/// </summary>
public abstract class OpsRestoreTargetCmdlet : OpsConnectionCmdlet
{
    /// <summary>Restore with psql/pg_restore in this pod (in -Namespace).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PodName { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Container { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string DbUser { get; set; } = "postgres";

    /// <summary>Restore with local psql/pg_restore against this server instead of a pod.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter]
    public Uri? S3Endpoint { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? S3Credential { get; set; }

    protected IBackupStore OpenStore(string location) => BackupStoreParameters.Open(location, S3Endpoint, Region, S3Credential);

    /// <summary>The pod (in the resolved namespace) or the server named by -ConnectionString; exactly one must be given.</summary>
    protected async Task<DatabaseRestoreTarget> CreateRestoreTargetAsync(CancellationToken cancellationToken)
    {
        if ((PodName is null) == (ConnectionString is null))
        {
            throw new ArgumentException("Give exactly one restore target: -PodName (psql in the database pod) or -ConnectionString (local psql).");
        }

        return PodName is not null
            ? new PodRestoreTarget(await ResolveNamespaceAsync(cancellationToken), PodName) { Container = Container, User = DbUser }
            : new ConnectionStringRestoreTarget(PostgresCredentialParameters.WithCredential(ConnectionString, Credential)!);
    }
}
