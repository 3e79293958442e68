namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>Finds an exec plugin's executable: an absolute path as is, a bare name on PATH (with PATHEXT on Windows).</summary>
internal static class ExecCommandResolver
{
    public static string? Resolve(string command)
    {
        if (command.Contains('/') || command.Contains(Path.DirectorySeparatorChar))
        {
            return Candidates(Path.GetFullPath(command)).FirstOrDefault(IsExecutableFile);
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var found = Candidates(Path.Combine(directory.Trim('"'), command)).FirstOrDefault(IsExecutableFile);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            yield return path;
            yield break;
        }

        if (Path.HasExtension(path))
        {
            yield return path;
        }

        var extensions = (Environment.GetEnvironmentVariable("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD")
            .Split(';', StringSplitOptions.RemoveEmptyEntries);
        foreach (var extension in extensions)
        {
            yield return path + extension.ToLowerInvariant();
        }
    }

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
