using System.Text;

namespace OpsModule.Core.Kubernetes.Config;

/// <summary>Reads a kubeconfig "X-data" (base64) / "X" (file path) pair; the inline data wins, like client-go.</summary>
internal static class KubeConfigData
{
    public static byte[]? ReadDataOrFile(string? base64Data, string? path, string owner, string field)
    {
        if (!string.IsNullOrWhiteSpace(base64Data))
        {
            return DecodeBase64(base64Data, owner, field + "-data");
        }

        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new KubeConfigException(KubeConfigErrorKind.Invalid, $"{owner}: {field} file '{path}' not found.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException(KubeConfigErrorKind.Invalid, $"{owner}: cannot read {field} file '{path}': {e.Message}");
        }
    }

    private static byte[] DecodeBase64(string data, string owner, string field)
    {
        var compact = data.Replace("\r", string.Empty).Replace("\n", string.Empty).Replace(" ", string.Empty);
        try
        {
            return Convert.FromBase64String(compact);
        }
        catch (FormatException)
        {
            // Some hand-written kubeconfigs paste the PEM itself instead of its base64; accept that too.
            if (data.Contains("-----BEGIN ", StringComparison.Ordinal))
            {
                return Encoding.ASCII.GetBytes(data);
            }

            throw new KubeConfigException(KubeConfigErrorKind.Invalid, $"{owner}: {field} is not valid base64.");
        }
    }
}
