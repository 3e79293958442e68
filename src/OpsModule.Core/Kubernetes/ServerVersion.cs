namespace OpsModule.Core.Kubernetes;

/// <summary>The API server's <c>/version</c>.</summary>
public sealed class ServerVersion
{
    public string? Major { get; set; }

    public string? Minor { get; set; }

    public string? GitVersion { get; set; }

    public string? Platform { get; set; }

    public override string ToString() => GitVersion ?? $"{Major}.{Minor}";
}
