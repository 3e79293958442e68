namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>spec.cluster of the ExecCredential handed to a plugin when provideClusterInfo is true.</summary>
internal sealed class ExecClusterInfo
{
    public required string Server { get; init; }

    public string? TlsServerName { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>PEM bytes of the cluster CA (serialized as base64, like Go's []byte).</summary>
    public byte[]? CertificateAuthorityData { get; init; }

    public string? ProxyUrl { get; init; }

    public bool DisableCompression { get; init; }
}
