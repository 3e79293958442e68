namespace OpsModule.Benchmarks.WholeProcess;

/// <summary>
/// The three scripts a round runs per pwsh and module: an empty one, the import alone, and the job (import plus one Get-OpsHealth,
/// its output formatted as a scheduled job's log would be). Each prints how many methods the process has JIT-compiled so far
/// (<c>JitInfo.GetCompiledMethodCount</c>, all threads) as <c>ops-bench-jit &lt;phase&gt; &lt;count&gt;</c> lines on stdout.
/// </summary>
internal sealed record JobScripts(string Empty, string Import, string Job)
{
    public const string Marker = "ops-bench-jit ";
    public const string StartPhase = "start";
    public const string ImportPhase = "import";
    public const string CallPhase = "call";

    public static JobScripts Write(string dir, string name, string module, string @namespace)
    {
        var import = $"$ErrorActionPreference = 'Stop'\nImport-Module '{module}'\n{Count(ImportPhase)}";
        return new JobScripts(
            Write(dir, $"{name}-empty.ps1", Count(StartPhase)),
            Write(dir, $"{name}-import.ps1", import),
            Write(dir, $"{name}-job.ps1", $"{import}\nGet-OpsHealth -Namespace {@namespace} | Out-Default\n{Count(CallPhase)}"));
    }

    /// <summary>The counts a run printed, by phase.</summary>
    public static IReadOnlyDictionary<string, long> ParseCounts(string stdout) =>
        stdout.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith(Marker, StringComparison.Ordinal))
            .Select(line => line[Marker.Length..].Split(' '))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));

    // Straight to Console.Out: the marker must not depend on, or add, formatting work of its own.
    private static string Count(string phase) =>
        $"[Console]::Out.WriteLine('{Marker}{phase} ' + [System.Runtime.JitInfo]::GetCompiledMethodCount($false))";

    private static string Write(string dir, string name, string body)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, body + "\nexit 0\n");
        return path;
    }
}
