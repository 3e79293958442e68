using System.Runtime.CompilerServices;

namespace OpsModule.Tests.Surface;

/// <summary>Source files the surface tests read, found by walking up from the test binaries to OpsModule.sln.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string CommandsFolder => Path.Combine(Root, "src", "OpsModule", "Commands");

    public static string ModuleFolder => Path.Combine(Root, "module", "OpsModule");

    public static string Manifest => Path.Combine(ModuleFolder, "OpsModule.psd1");

    private static string FindRoot()
    {
        // The binaries may live outside the repository (--artifacts-path), so this source file's own path is tried too.
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Path.GetDirectoryName(SourceFile()) ?? "/" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OpsModule.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"OpsModule.sln not found above {AppContext.BaseDirectory}; run the tests from the repository.");
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
