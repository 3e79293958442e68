using System.Diagnostics;
using System.Text.Json;

namespace OpsModule.Benchmarks.WholeProcess;

/// <summary>
/// Starts a fresh <c>pwsh -NoProfile -NonInteractive -File script</c> the way Task Scheduler does, with KUBECONFIG set,
/// and waits for it; stdout is read (as a job's log would be) for the scripts' JIT counts, and a non-zero exit fails the benchmark.
/// </summary>
internal sealed class PwshLauncher(string pwsh, string kubeconfig)
{
    /// <summary>
    /// The pwsh of the repository's dotnet tool manifest (<c>.config/dotnet-tools.json</c>, read from the current folder, the
    /// repository root) as <c>dotnet tool restore</c> put it in the NuGet cache: its native host when present, else pwsh.dll under dotnet.
    /// </summary>
    public static string FindDefault()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(".config", "dotnet-tools.json")));
        var version = manifest.RootElement.GetProperty("tools").GetProperty("powershell").GetProperty("version").GetString();
        var host = Path.Combine(NuGetCache.Root, "powershell", version!, "tools", "net10.0", "any", OperatingSystem.IsWindows() ? "win" : "unix");
        var native = Path.Combine(host, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
        return File.Exists(native) ? native : Path.Combine(host, "pwsh.dll");
    }

    /// <summary>Runs the script and returns the JIT counts it printed (<see cref="JobScripts.ParseCounts"/>).</summary>
    public async Task<IReadOnlyDictionary<string, long>> RunAsync(string script)
    {
        var dll = pwsh.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(dll ? "dotnet" : pwsh)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (dll ? [pwsh] : Array.Empty<string>()).Concat(["-NoProfile", "-NonInteractive", "-File", script]))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBECONFIG"] = kubeconfig;
        // No update check or telemetry upload in the middle of a measurement; a scheduled job's machine would usually have them off too.
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {pwsh}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{pwsh} -File {Path.GetFileName(script)} exited {process.ExitCode}: {await stderr}");
        }

        return JobScripts.ParseCounts(await stdout);
    }
}
