using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpsModule.Tests.Support;
using Cluster = OpsModule.TestCluster.TestCluster;

namespace OpsModule.Sandbox;

/// <summary>
/// The two files the sandbox hands out: a kubeconfig (token and CA data; contexts aks-prod, the current one, and aks-dr, both
/// this cluster, namespace default, as the docs' DR examples name them) and environment.json (where everything is, with the
/// credentials: both files are readable by their owner only).
/// </summary>
internal sealed class SandboxFiles(string directory)
{
    public const string CurrentContext = "aks-prod";
    public static readonly IReadOnlyList<string> Contexts = [CurrentContext, "aks-dr"];

    public string KubeConfigPath { get; } = Path.Combine(directory, "kubeconfig");

    public string EnvironmentPath { get; } = Path.Combine(directory, "environment.json");

    public void Write(Cluster cluster, string token, PostgresServer? postgres, S3Server? s3, IReadOnlyList<string> buckets, AzuriteServer? azurite, IReadOnlyList<string> containers)
    {
        WritePrivate(KubeConfigPath, KubeConfig(cluster, token));
        var environment = new SandboxEnvironment
        {
            KubeConfig = KubeConfigPath,
            Context = CurrentContext,
            Contexts = Contexts,
            Namespaces = SandboxApps.Namespaces,
            Postgres = postgres is null ? null : new SandboxPostgres
            {
                Host = postgres.Host,
                Port = postgres.Port,
                User = postgres.Username,
                Password = postgres.Password,
                BinDirectory = postgres.BinDirectory,
                Databases = ["ceoagent", "users", "orders"],
            },
            S3 = s3 is null ? null : new SandboxS3
            {
                Endpoint = s3.ServiceUrl.ToString().TrimEnd('/'),
                AccessKey = S3Server.AccessKey,
                SecretKey = S3Server.SecretKey,
                Region = "us-east-1",
                Buckets = buckets,
            },
            Azure = azurite is null ? null : new SandboxAzure
            {
                Endpoint = azurite.ServiceUrl.ToString().TrimEnd('/'),
                Account = AzuriteServer.AccountName,
                AccountKey = azurite.AccountKey,
                Containers = containers,
            },
        };
        WritePrivate(EnvironmentPath, JsonSerializer.Serialize(environment, SandboxJson.Default.SandboxEnvironment));
    }

    /// <summary>Removes both files (the folder too when nothing else is left in it).</summary>
    public void Delete(bool folderCreatedHere)
    {
        foreach (var file in new[] { KubeConfigPath, EnvironmentPath })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }

        var folder = Path.GetDirectoryName(KubeConfigPath)!;
        if (folderCreatedHere && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            Directory.Delete(folder);
        }
    }

    private static string KubeConfig(Cluster cluster, string token)
    {
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(cluster.CaCertificatePem!));
        var yaml = new StringBuilder()
            .AppendLine("apiVersion: v1")
            .AppendLine("kind: Config")
            .AppendLine("clusters:")
            .AppendLine("- name: sandbox")
            .AppendLine("  cluster:")
            .AppendLine($"    server: {cluster.Url.GetLeftPart(UriPartial.Authority)}")
            .AppendLine($"    certificate-authority-data: {ca}")
            .AppendLine("users:")
            .AppendLine("- name: sandbox-admin")
            .AppendLine("  user:")
            .AppendLine($"    token: {token}")
            .AppendLine("contexts:");
        foreach (var context in Contexts)
        {
            yaml.AppendLine($"- name: {context}")
                .AppendLine("  context:")
                .AppendLine("    cluster: sandbox")
                .AppendLine("    user: sandbox-admin")
                .AppendLine("    namespace: default");
        }

        return yaml.AppendLine($"current-context: {CurrentContext}").ToString();
    }

    private static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.Write(content);
    }
}

internal sealed record SandboxEnvironment
{
    public required string KubeConfig { get; init; }

    public required string Context { get; init; }

    public required IReadOnlyList<string> Contexts { get; init; }

    public required IReadOnlyList<string> Namespaces { get; init; }

    public SandboxPostgres? Postgres { get; init; }

    public SandboxS3? S3 { get; init; }

    public SandboxAzure? Azure { get; init; }
}

internal sealed record SandboxPostgres
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    public required string User { get; init; }

    public required string Password { get; init; }

    public required string BinDirectory { get; init; }

    public required IReadOnlyList<string> Databases { get; init; }
}

internal sealed record SandboxS3
{
    public required string Endpoint { get; init; }

    public required string AccessKey { get; init; }

    public required string SecretKey { get; init; }

    public required string Region { get; init; }

    public required IReadOnlyList<string> Buckets { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(SandboxEnvironment))]
internal sealed partial class SandboxJson : JsonSerializerContext;
