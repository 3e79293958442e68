using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace OpsModule.Core.Kubernetes.Config;

/// <summary>
/// Reads kubeconfig YAML (or JSON) into KubernetesClient's model plus <see cref="KubeConfigExtras"/>, making relative
/// paths absolute against the file's own folder (each file's, when several are merged).
/// </summary>
internal static class KubeConfigParser
{
    // Not KubernetesYaml: its first use reflects over every type of KubernetesClient (seconds in a fresh process), and the
    // kubeconfig model needs none of its converters; the model's YamlMember aliases are all a plain deserializer needs.
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .IgnoreUnmatchedProperties()
        .Build();

    public static KubeConfigFile ParseFile(string path)
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

        return Parse(text, path, $"kubeconfig file '{path}'", Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static KubeConfigFile Parse(string text, string source, string sourceDescription, string baseDirectory)
    {
        K8SConfiguration? model;
        KubeConfigExtras? extras;
        try
        {
            model = Deserializer.Deserialize<K8SConfiguration?>(text);
            extras = Deserializer.Deserialize<KubeConfigExtras?>(text);
        }
        catch (YamlException e)
        {
            // YamlDotNet's messages can quote the offending scalar, which may be a token: report only the position.
            throw new KubeConfigException(
                KubeConfigErrorKind.Invalid,
                $"{sourceDescription} is not valid kubeconfig YAML (line {e.Start.Line}, column {e.Start.Column}); fix or regenerate it (e.g. az aks get-credentials, aws eks update-kubeconfig, gcloud container clusters get-credentials).",
                innerException: null);
        }

        var file = new KubeConfigFile(model ?? new K8SConfiguration(), extras ?? new KubeConfigExtras(), source);
        ResolveRelativePaths(file, baseDirectory);
        return file;
    }

    private static void ResolveRelativePaths(KubeConfigFile file, string baseDirectory)
    {
        foreach (var cluster in file.Model.Clusters ?? [])
        {
            if (cluster?.ClusterEndpoint is { } endpoint)
            {
                endpoint.CertificateAuthority = ResolvePath(endpoint.CertificateAuthority, baseDirectory);
            }
        }

        foreach (var user in file.Model.Users ?? [])
        {
            if (user?.UserCredentials is not { } credentials)
            {
                continue;
            }

            credentials.ClientCertificate = ResolvePath(credentials.ClientCertificate, baseDirectory);
            credentials.ClientKey = ResolvePath(credentials.ClientKey, baseDirectory);
            if (credentials.ExternalExecution is { Command: { } command } exec && LooksLikePath(command))
            {
                // Like client-go: a bare name is looked up on PATH; anything with a separator is a path relative to the file.
                exec.Command = ResolvePath(command, baseDirectory);
            }
        }

        foreach (var user in file.Extras.Users ?? [])
        {
            if (user.User is { } extras)
            {
                extras.TokenFile = ResolvePath(extras.TokenFile, baseDirectory);
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
