namespace OpsModule.TestCluster;

/// <summary>How a <see cref="TestCluster"/> listens and authenticates.</summary>
public sealed class TestClusterOptions
{
    /// <summary>Serve https with a server certificate signed by a CA the cluster generates (see <see cref="TestCluster.CaCertificatePem"/>).</summary>
    public bool Https { get; init; }

    /// <summary>When set, requests need <c>Authorization: Bearer &lt;token&gt;</c> (or a client certificate signed by the cluster CA).</summary>
    public string? RequiredToken { get; init; }

    /// <summary>https only: a client certificate signed by the cluster CA is required (unless a configured token or basic credential is sent).</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>When set, HTTP basic credentials are accepted (and required unless another credential is sent).</summary>
    public (string User, string Password)? BasicAuth { get; init; }

    /// <summary>How long a new pod stays Pending/ContainerCreating before its behavior applies.</summary>
    public TimeSpan PodReadyDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    internal bool RequiresAuthentication => RequiredToken is not null || RequireClientCertificate || BasicAuth is not null;
}
