using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace OpsModule.Core.Kubernetes.Config;

/// <summary>Reads kubeconfig YAML (or JSON) into the file model, making relative paths absolute against the file's folder.</summary>
internal static class KubeConfigParser
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .IgnoreUnmatchedProperties()
        .Build();

    public static KubeConfigDocument ParseFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException(KubeConfigErrorKind.Invalid, $"cannot read kubeconfig file '{path}': {e.Message}", e);
        }

        return Parse(text, $"kubeconfig file '{path}'", Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static KubeConfigDocument Parse(string text, string sourceDescription, string baseDirectory)
    {
        KubeConfigDocument? document;
        try
        {
            document = Deserializer.Deserialize<KubeConfigDocument?>(text);
        }
        catch (YamlException e)
        {
            // YamlDotNet's messages can quote the offending scalar, which may be a token: report only the position.
            throw new KubeConfigException(
                KubeConfigErrorKind.Invalid,
                $"{sourceDescription} is not valid kubeconfig YAML (line {e.Start.Line}, column {e.Start.Column}); fix or regenerate it (e.g. az aks get-credentials, aws eks update-kubeconfig, gcloud container clusters get-credentials).",
                innerException: null);
        }

        document ??= new KubeConfigDocument();
        ResolveRelativePaths(document, baseDirectory);
        return document;
    }

    private static void ResolveRelativePaths(KubeConfigDocument document, string baseDirectory)
    {
        foreach (var cluster in document.Clusters ?? [])
        {
            if (cluster.Cluster is { } c)
            {
                c.CertificateAuthority = ResolvePath(c.CertificateAuthority, baseDirectory);
            }
        }

        foreach (var user in document.Users ?? [])
        {
            if (user.User is not { } u)
            {
                continue;
            }

            u.ClientCertificate = ResolvePath(u.ClientCertificate, baseDirectory);
            u.ClientKey = ResolvePath(u.ClientKey, baseDirectory);
            u.TokenFile = ResolvePath(u.TokenFile, baseDirectory);
            if (u.Exec is { Command: { } command } exec && LooksLikePath(command))
            {
                // Like client-go: a bare name is looked up on PATH; anything with a separator is a path relative to the file.
                exec.Command = ResolvePath(command, baseDirectory);
            }
        }
    }

    private static bool LooksLikePath(string command) =>
        command.Contains('/') || command.Contains(Path.DirectorySeparatorChar);

    private static string? ResolvePath(string? path, string baseDirectory)
    {
        if (string.IsNullOrEmpty(path) || Path.IsPathRooted(path))
        {
            return string.IsNullOrEmpty(path) ? null : path;
        }

        return Path.GetFullPath(Path.Combine(baseDirectory, path));
    }
}
