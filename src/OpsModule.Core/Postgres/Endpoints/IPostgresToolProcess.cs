namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>A running client tool (pg_dump, psql, pg_restore), local or in the pod.</summary>
internal interface IPostgresToolProcess : IAsyncDisposable
{
    /// <summary>stdin; only when started with <see cref="PostgresToolInput.Stream"/>.</summary>
    Stream Input { get; }

    Stream Output { get; }

    /// <summary>Ends stdin (a no-op on v4 exec servers, which cannot signal it; the tool must stop reading by itself there).</summary>
    Task CloseInputAsync(CancellationToken cancellationToken);

    /// <summary>The exit code. In a pod, a broken connection or a refused command fails with IOException / KubernetesApiException.</summary>
    Task<int> WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>stderr (trimmed, capped, the password masked).</summary>
    Task<string> ErrorTextAsync();

    /// <summary>Stops the tool now; its open transaction rolls back. Safe to call at any time.</summary>
    void Kill();
}
