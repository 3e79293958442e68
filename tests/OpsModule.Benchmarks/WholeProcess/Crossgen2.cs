using System.Runtime.InteropServices;

namespace OpsModule.Benchmarks.WholeProcess;

/// <summary>
/// The crossgen2 compiler package of the host's runtime identifier (<c>microsoft.netcore.app.crossgen2.&lt;rid&gt;</c>) in the NuGet
/// cache, in the newest version of the running .NET major: the compiler that a <c>PublishReadyToRun</c> publish restores and uses.
/// </summary>
internal sealed record Crossgen2(string Executable, string Version)
{
    public static string HostRid => RuntimeInformation.RuntimeIdentifier;

    public static Crossgen2 Find()
    {
        var major = Environment.Version.Major;
        var package = Path.Combine(NuGetCache.Root, $"microsoft.netcore.app.crossgen2.{HostRid}");
        var executable = OperatingSystem.IsWindows() ? "crossgen2.exe" : "crossgen2";
        var found = Directory.Exists(package)
            ? Directory.GetDirectories(package)
                .Select(dir => (dir, version: System.Version.TryParse(Path.GetFileName(dir).Split('-')[0], out var v) ? v : null))
                .Where(c => c.version?.Major == major && File.Exists(Path.Combine(c.dir, "tools", executable)))
                .OrderByDescending(c => c.version)
                .FirstOrDefault()
            : default;
        if (found.dir is null)
        {
            throw new InvalidOperationException(
                $"crossgen2 for .NET {major} ({HostRid}) is not in the NuGet cache ({package}/{major}.*/tools/{executable}). " +
                "Restore it with 'dotnet publish src/OpsModule -c Release' (the module's ReadyToRun sets need it). " +
                "Or pass --pwsh-builds tool to measure only the IL-only pwsh.");
        }

        return new Crossgen2(Path.Combine(found.dir, "tools", executable), Path.GetFileName(found.dir));
    }
}
