using System.Reflection;

namespace OpsModule.Loading;

/// <summary>
/// The assemblies of the .NET shared framework PowerShell runs on (Microsoft.NETCore.App). We ship a few of them for .NET 8
/// (PowerShell 7.4), e.g. System.Text.Json 10; where the running framework has the same or a newer version, its copy is the one to
/// use: it is precompiled (ReadyToRun) where ours would be JIT-compiled on every fresh start, and it is the framework's own, never
/// another module's, so isolation is not at stake.
/// </summary>
internal static class SharedFramework
{
    private static readonly string FrameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    /// <summary>True when the framework has <paramref name="shipped"/>'s assembly at the same or a newer version.</summary>
    public static bool Provides(string shipped)
    {
        var framework = Path.Combine(FrameworkDirectory, Path.GetFileName(shipped));
        if (!File.Exists(framework))
        {
            return false;
        }

        try
        {
            return AssemblyName.GetAssemblyName(framework).Version >= AssemblyName.GetAssemblyName(shipped).Version;
        }
        catch (Exception e) when (e is BadImageFormatException or IOException)
        {
            return false;
        }
    }
}
