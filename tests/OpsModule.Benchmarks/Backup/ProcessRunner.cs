using System.Diagnostics;

namespace OpsModule.Benchmarks.Backup;

/// <summary>Runs a process to completion, failing with its output when it exits non-zero.</summary>
internal static class ProcessRunner
{
    public static async Task RunAsync(
        string file, IReadOnlyList<string> arguments, bool check = true, string? workingDirectory = null, Action<ProcessStartInfo>? configure = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        configure?.Invoke(start);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output + await error;
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}:\n{Tail(text)}");
        }
    }

    /// <summary>A shell pipeline (bash -o pipefail -c), the way an operator would type it.</summary>
    public static Task BashAsync(string script, Action<ProcessStartInfo>? configure = null) =>
        RunAsync("bash", ["-o", "pipefail", "-c", script], configure: configure);

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;
}
