using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace OpsModule.Loading;

/// <summary>
/// The one load context of the module: OpsModule.Core and every third-party assembly come from the <c>dependencies</c> folder beside
/// OpsModule.dll, so another module's YamlDotNet, Npgsql or AWSSDK in PowerShell's default context never meets ours. An assembly that is
/// not in that folder (the framework, System.Management.Automation, PowerShell's Newtonsoft.Json) is left to the default context, and so is
/// a framework assembly the running framework already has at our version or newer.
/// </summary>
/// <remarks>
/// Where the running .NET and platform have a precompiled set (<see cref="PrecompiledFolderName"/>, e.g. <c>dependencies/net10.0-linux-x64</c>),
/// an assembly in it is taken before the IL copy in <c>dependencies</c>: its ReadyToRun code spares the JIT at every fresh start.
/// </remarks>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    public const string FolderName = "dependencies";

    private static readonly Lazy<DependencyLoadContext> Shared = new(
        () => new DependencyLoadContext(Path.Combine(Path.GetDirectoryName(typeof(DependencyLoadContext).Assembly.Location)!, FolderName)));

    private readonly string _folder;
    private readonly string _precompiledFolder;

    public DependencyLoadContext(string folder)
        : base("OpsModule", isCollectible: false)
    {
        _folder = folder;
        _precompiledFolder = Path.Combine(folder, PrecompiledFolderName);
    }

    /// <summary>Created on first use and kept for the life of the process: a second import or a re-import after Remove-Module reuses it.</summary>
    public static DependencyLoadContext Instance => Shared.Value;

    /// <summary>
    /// The set of ReadyToRun images this process can use: <c>net&lt;major&gt;.0-&lt;os&gt;-&lt;arch&gt;</c>. The runtime ignores images compiled for
    /// another .NET major, so the folder is chosen by the running one, not by the framework the module was built for.
    /// </summary>
    /// <remarks>
    /// By operating system and architecture rather than <see cref="RuntimeInformation.RuntimeIdentifier"/>: a distribution's own build
    /// of .NET reports its own identifier (e.g. <c>ubuntu.24.04-x64</c>), and a linux-x64 image serves every Linux on x64.
    /// </remarks>
    public static string PrecompiledFolderName =>
        $"net{Environment.Version.Major}.0-{OperatingSystemName}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";

    private static string OperatingSystemName =>
        OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : OperatingSystem.IsLinux() ? "linux" : "other";

    /// <summary>The assembly from the precompiled set or the folder, or null when neither has one of that name.</summary>
    /// <remarks>Never falls back to the default context, so a default-context Resolving handler may call it without recursing.</remarks>
    public Assembly? LoadFromFolder(AssemblyName assemblyName)
        => PathOf(assemblyName) is not null ? LoadFromAssemblyName(assemblyName) : null;

    /// <remarks>
    /// A framework assembly we ship for .NET 8 (System.Text.Json and its kin) is left to the default context where the running
    /// framework has it at the same or a newer version (<see cref="SharedFramework"/>).
    /// </remarks>
    protected override Assembly? Load(AssemblyName assemblyName)
        => PathOf(assemblyName) is { } path && !SharedFramework.Provides(path) ? LoadFromAssemblyPath(path) : null;

    private string? PathOf(AssemblyName assemblyName)
    {
        var fileName = assemblyName.Name + ".dll";
        var precompiled = Path.Combine(_precompiledFolder, fileName);
        if (File.Exists(precompiled))
        {
            return precompiled;
        }

        var portable = Path.Combine(_folder, fileName);
        return File.Exists(portable) ? portable : null;
    }
}
