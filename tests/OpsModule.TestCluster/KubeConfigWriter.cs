using System.Text;

namespace OpsModule.TestCluster;

/// <summary>Writes a kubeconfig with one cluster, user and context named "test".</summary>
internal static class KubeConfigWriter
{
    public static string Write(string path, Uri server, string? caPem, string? token, (string CertificatePem, string KeyPem)? clientCertificate,
        (string User, string Password)? basic, string @namespace)
    {
        static string B64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
        var yaml = new StringBuilder();
        yaml.AppendLine("apiVersion: v1");
        yaml.AppendLine("kind: Config");
        yaml.AppendLine("clusters:");
        yaml.AppendLine("- name: test");
        yaml.AppendLine("  cluster:");
        yaml.AppendLine($"    server: {server.GetLeftPart(UriPartial.Authority)}");
        if (caPem is not null) yaml.AppendLine($"    certificate-authority-data: {B64(caPem)}");
        yaml.AppendLine("users:");
        yaml.AppendLine("- name: test");
        var userLines = new List<string>();
        if (token is not null) userLines.Add($"    token: {token}");
        if (clientCertificate is { } cert)
        {
            userLines.Add($"    client-certificate-data: {B64(cert.CertificatePem)}");
            userLines.Add($"    client-key-data: {B64(cert.KeyPem)}");
        }
        if (basic is { } credentials && token is null && clientCertificate is null)
        {
            userLines.Add($"    username: \"{credentials.User}\"");
            userLines.Add($"    password: \"{credentials.Password}\"");
        }
        if (userLines.Count == 0) yaml.AppendLine("  user: {}");
        else
        {
            yaml.AppendLine("  user:");
            foreach (var line in userLines) yaml.AppendLine(line);
        }
        yaml.AppendLine("contexts:");
        yaml.AppendLine("- name: test");
        yaml.AppendLine("  context:");
        yaml.AppendLine("    cluster: test");
        yaml.AppendLine("    user: test");
        yaml.AppendLine($"    namespace: {@namespace}");
        yaml.AppendLine("current-context: test");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        File.WriteAllText(path, yaml.ToString());
        return Path.GetFullPath(path);
    }
}
