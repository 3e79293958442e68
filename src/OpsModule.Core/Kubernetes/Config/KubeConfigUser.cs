using YamlDotNet.Serialization;

namespace OpsModule.Core.Kubernetes.Config;

internal sealed class KubeConfigUser
{
    [YamlMember(Alias = "token")]
    public string? Token { get; set; }

    [YamlMember(Alias = "tokenFile")]
    public string? TokenFile { get; set; }

    [YamlMember(Alias = "client-certificate")]
    public string? ClientCertificate { get; set; }

    [YamlMember(Alias = "client-certificate-data")]
    public string? ClientCertificateData { get; set; }

    [YamlMember(Alias = "client-key")]
    public string? ClientKey { get; set; }

    [YamlMember(Alias = "client-key-data")]
    public string? ClientKeyData { get; set; }

    [YamlMember(Alias = "username")]
    public string? Username { get; set; }

    [YamlMember(Alias = "password")]
    public string? Password { get; set; }

    [YamlMember(Alias = "exec")]
    public KubeConfigExec? Exec { get; set; }

    /// <summary>Only its presence matters: legacy auth providers (azure, gcp, oidc) are not supported.</summary>
    [YamlMember(Alias = "auth-provider")]
    public KubeConfigAuthProvider? AuthProvider { get; set; }

    public override string ToString() => "KubeConfigUser (credentials hidden)";
}

internal sealed class KubeConfigAuthProvider
{
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }
}
