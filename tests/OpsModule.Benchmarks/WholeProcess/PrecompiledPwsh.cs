using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OpsModule.Benchmarks.WholeProcess;

/// <summary>
/// PowerShell as its release packages ship it (MSI, zip, tar.gz, the Azure Automation workers): the same files as the dotnet-tool
/// package, with every IL-only assembly compiled to ReadyToRun by crossgen2. Built once into a folder beside the NuGet cache, keyed by
/// pwsh version, runtime version, RID and crossgen2 version, so a copy made for another runtime or PowerShell is never reused.
/// </summary>
internal static class PrecompiledPwsh
{
    private const string CompleteMarker = ".complete";

    /// <summary>The pwsh of the precompiled copy of <paramref name="toolPwsh"/>'s folder, building the copy first if needed.</summary>
    public static async Task<string> EnsureAsync(string toolPwsh, TextWriter log)
    {
        var source = Path.GetDirectoryName(Path.GetFullPath(toolPwsh))!;
        var framework = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var crossgen = Crossgen2.Find();
        var key = $"pwsh-{PwshVersion(source)}-r2r-net{Path.GetFileName(framework)}-{Crossgen2.HostRid}-crossgen2-{crossgen.Version}";
        var target = Path.Combine(Path.GetDirectoryName(NuGetCache.Root.TrimEnd(Path.DirectorySeparatorChar))!, "opsmodule-bench", key);
        var launcher = Path.Combine(target, Path.GetFileName(toolPwsh));
        if (File.Exists(Path.Combine(target, CompleteMarker)))
        {
            log.WriteLine($"precompiled pwsh: {target} (cached)");
            return launcher;
        }

        var staging = $"{target}.partial-{Environment.ProcessId}";
        var stopwatch = Stopwatch.StartNew();
        var compile = CopyTree(source, staging);
        log.WriteLine($"precompiled pwsh: compiling {compile.Count} IL-only assemblies of {source} with {crossgen.Executable} into {target} …");
        var failed = new List<string>();
        await Parallel.ForEachAsync(
            compile.OrderByDescending(file => new FileInfo(file).Length),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (file, token) =>
            {
                var relative = Path.GetRelativePath(source, file);
                if (await CompileAsync(crossgen, file, Path.Combine(staging, relative), source, framework, token) is { } error)
                {
                    lock (failed)
                    {
                        failed.Add($"{relative} ({error})");
                    }
                }
            });

        if (failed.Count > 0)
        {
            // A file crossgen2 cannot compile stays IL, as the copy already holds it; the count says how much of pwsh that is.
            log.WriteLine($"precompiled pwsh: crossgen2 failed on {failed.Count} (kept as IL): {string.Join(", ", failed.Order())}");
        }

        File.WriteAllLines(
            Path.Combine(staging, CompleteMarker),
            [$"{compile.Count - failed.Count} compiled, {failed.Count} kept as IL", .. failed.Order()]);
        try
        {
            Directory.Move(staging, target);
        }
        catch (IOException) when (File.Exists(Path.Combine(target, CompleteMarker)))
        {
            Directory.Delete(staging, recursive: true); // another benchmark run finished the same copy first
        }

        log.WriteLine($"precompiled pwsh: done in {stopwatch.Elapsed.TotalSeconds:0} s.");
        return launcher;
    }

    /// <summary>Copies every file (native libraries, modules, ReadyToRun and reference assemblies as they are) and lists the ones to compile.</summary>
    private static List<string> CopyTree(string source, string staging)
    {
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        var compile = new List<string>();
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(staging, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination); // keeps the apphost's execute bit
            if (file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && RunsOnThisHost(source, file) &&
                AssemblyKinds.Of(file) == AssemblyKind.IlOnly)
            {
                compile.Add(file);
            }
        }

        return compile;
    }

    /// <summary>False for the assets of other platforms under <c>runtimes/&lt;rid&gt;/</c> (win, osx, android …), which this host never loads.</summary>
    private static bool RunsOnThisHost(string source, string file)
    {
        var parts = Path.GetRelativePath(source, file).Split(Path.DirectorySeparatorChar);
        if (parts.Length < 2 || !parts[0].Equals("runtimes", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        return parts[1] == Crossgen2.HostRid || parts[1] == os || (parts[1] == "unix" && !OperatingSystem.IsWindows());
    }

    /// <summary>Compiles one assembly; on failure keeps the IL copy and returns crossgen2's first error line.</summary>
    private static async Task<string?> CompileAsync(Crossgen2 crossgen, string input, string output, string source, string framework, CancellationToken token)
    {
        var start = new ProcessStartInfo(crossgen.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var arch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        // One compiler thread per process: the files themselves run in parallel, one per core.
        string[] args =
        [
            input, "-o", output, "-O", "--targetos", os, "--targetarch", arch, "--parallelism", "1",
            "-r", Path.Combine(framework, "*.dll"), "-r", Path.Combine(source, "*.dll"), "-r", Path.Combine(Path.GetDirectoryName(input)!, "*.dll"),
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        File.Delete(output);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {crossgen.Executable}");
        var stdout = process.StandardOutput.ReadToEndAsync(token);
        var stderr = process.StandardError.ReadToEndAsync(token);
        await process.WaitForExitAsync(token);
        await Task.WhenAll(stdout, stderr);
        if (process.ExitCode == 0 && File.Exists(output))
        {
            return null;
        }

        File.Copy(input, output, overwrite: true);
        var error = (await stderr + await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return error.FirstOrDefault(line => line.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? error.FirstOrDefault() ?? $"exit {process.ExitCode}";
    }

    /// <summary>PowerShell's version from System.Management.Automation.dll (e.g. 7.6.10), so a copy is tied to the pwsh it came from.</summary>
    private static string PwshVersion(string folder)
    {
        var engine = Path.Combine(folder, "System.Management.Automation.dll");
        var version = FileVersionInfo.GetVersionInfo(engine).ProductVersion
            ?? throw new InvalidOperationException($"{engine} has no product version");
        return version.Split(' ', '+')[0];
    }
}
