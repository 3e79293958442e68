using System.Management.Automation;
using OpsModule.Core.Backup;
using OpsModule.Core.Restore;
using OpsModule.Core.Storage;

namespace OpsModule;

/// <summary>
/// Base of the cmdlets that restore a backup somewhere (Restore-OpsDatabase, Test-DisasterRecovery): the restore target
/// (a database pod: -PodName, or -Selector, default app=postgres; or a server: -ConnectionString); the store parameters come from
/// <see cref="OpsStoreCmdlet"/>.
/// </summary>
public abstract class OpsRestoreTargetCmdlet : OpsClusterStoreCmdlet
{
    /// <summary>Restore with psql/pg_restore in this pod (in -Namespace). Default: the first Running and Ready pod matching -Selector.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.PodCompleter))]
    public string? PodName { get; set; }

    /// <summary>Label selector of the database pod when -PodName is not given; default app=postgres (as Invoke-OpsBackup).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Selector { get; set; }

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

    /// <summary>Restore as the connecting user without the dump's ownership (no ALTER … OWNER TO; pg_restore --no-owner).</summary>
    [Parameter]
    public SwitchParameter NoOwner { get; set; }

    /// <summary>Leave out the dump's GRANT/REVOKE statements (pg_restore --no-privileges).</summary>
    [Parameter]
    public SwitchParameter NoPrivileges { get; set; }

    /// <summary>True when the restore runs in a pod (no -ConnectionString): the cmdlet needs the Kubernetes client of the target cluster.</summary>
    protected bool UsesPodTarget => ConnectionString is null;

    /// <summary>
    /// The server named by -ConnectionString, or the database pod in the resolved namespace: -PodName, or found by -Selector
    /// (default app=postgres; a Running and Ready pod, the first by name when several match).
    /// </summary>
    /// <param name="defaultNamespace">The namespace when -Namespace is not given (e.g. the piped backup's); null: the context's.</param>
    protected async Task<DatabaseRestoreTarget> CreateRestoreTargetAsync(CancellationToken cancellationToken, string? defaultNamespace = null)
    {
        if (ConnectionString is not null)
        {
            if (PodName is not null || Selector is not null)
            {
                throw new ArgumentException("Give one restore target: -ConnectionString (local psql) or a pod (-PodName or -Selector), not both.");
            }

            return new ConnectionStringRestoreTarget(PostgresCredentialParameters.WithCredential(ConnectionString, Credential)!);
        }

        var api = await GetKubernetesClientAsync(cancellationToken);
        var ns = Namespace ?? defaultNamespace ?? await ResolveNamespaceAsync(cancellationToken);
        var (target, note) = await PodRestoreTargetFinder.FindAsync(api, ns, PodName, Selector, cancellationToken);
        if (note is not null)
        {
            await WriteVerboseAsync(note);
        }

        return target with { Container = Container, User = DbUser };
    }
}
