using System.Text;

namespace OpsModule.Tests.Support;

/// <summary>A scratch folder for test fixtures (kubeconfigs, plugins, dumps), deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("opsmodule-").FullName;
    }

    public string Path { get; }

    /// <summary>The full path of <paramref name="relativePath"/> inside the folder (not created).</summary>
    public string File(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    public string Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content, new UTF8Encoding(false));
        return full;
    }

    /// <summary>Writes an executable /bin/sh script.</summary>
    public string WriteScript(string relativePath, string body)
    {
        var full = Write(relativePath, "#!/bin/sh\n" + body.Replace("\r\n", "\n"));
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
