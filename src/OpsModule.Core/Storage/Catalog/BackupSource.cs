
namespace OpsModule.Core.Storage.Catalog;

/// <summary>Where a backup came from.</summary>
public sealed record BackupSource
{
    /// <summary>kubeconfig context name; null for a backup taken through a connection string outside Kubernetes.</summary>
    public string? Context { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The database pod (for pod exec dumps).</summary>
    public string? Pod { get; init; }

    /// <summary>The database host (for connection-string dumps).</summary>
    public string? Host { get; init; }

    /// <summary>The database name; null for a Config backup.</summary>
    public string? Database { get; init; }
}
