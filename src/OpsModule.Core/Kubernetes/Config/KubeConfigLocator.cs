namespace OpsModule.Core.Kubernetes.Config;

/// <summary>Which kubeconfig files to read, in precedence order, following clientcmd's loading rules.</summary>
internal static class KubeConfigLocator
{
    /// <summary>The existing files to merge, and a description of where we looked (for the "nothing found" message).</summary>
    public static (IReadOnlyList<string> Files, string LookedIn) Locate(string? explicitPath, KubeConfigEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath);
            if (!File.Exists(full))
            {
                throw new KubeConfigException(
                    KubeConfigErrorKind.NotFound,
                    $"kubeconfig file '{full}' not found; check the -KubeConfig path.");
            }

            return ([full], full);
        }

        var kubeconfigVariable = environment.GetVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(kubeconfigVariable))
        {
            // Listed files that do not exist are skipped, like kubectl; duplicates are read once.
            var listed = kubeconfigVariable
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(Path.GetFullPath)
                .Distinct(PathComparer)
                .ToList();
            return (listed.Where(File.Exists).ToList(), $"KUBECONFIG={kubeconfigVariable}");
        }

        var candidates = HomeDirectories(environment)
            .Select(home => Path.Combine(home, ".kube", "config"))
            .ToList();
        var found = candidates.FirstOrDefault(File.Exists);
        return (found is null ? [] : [found], candidates.Count == 0 ? "~/.kube/config (no HOME)" : string.Join(", ", candidates));
    }

    private static IEnumerable<string> HomeDirectories(KubeConfigEnvironment environment)
    {
        // HOME first (what kubectl uses on Linux/macOS and, when set, on Windows), then USERPROFILE.
        foreach (var name in new[] { "HOME", "USERPROFILE" })
        {
            var value = environment.GetVariable(name);
            if (!string.IsNullOrEmpty(value))
            {
                yield return value;
            }
        }
    }

    private static StringComparer PathComparer =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
