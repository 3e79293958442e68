using System.Diagnostics;

namespace OpsModule.TestCluster.Exec;

/// <summary>Runs the exec command as a local process with the container's env layered over this process's environment.</summary>
internal sealed class ProcessExecTarget : IExecTarget
{
    private readonly Process _process;
    private int _stdinClosed;

    private ProcessExecTarget(Process process) => _process = process;

    public Stream Stdin => _process.StandardInput.BaseStream;

    public Stream Stdout => _process.StandardOutput.BaseStream;

    public Stream Stderr => _process.StandardError.BaseStream;

    /// <summary>Starts the process, or returns the runtime-style reason it could not start.</summary>
    public static ProcessExecTarget? TryStart(ExecInvocation invocation, out string? failure)
    {
        var startInfo = new ProcessStartInfo(invocation.Command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in invocation.Command.Skip(1)) startInfo.ArgumentList.Add(argument);
        foreach (var (name, value) in invocation.Environment) startInfo.Environment[name] = value;

        try
        {
            failure = null;
            return new ProcessExecTarget(Process.Start(startInfo)!);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // Shaped like containerd's answer, which kubelet wraps: "... exec: \"x\": executable file not found in $PATH: unknown".
            failure = "error executing command in container: failed to exec in container: OCI runtime exec failed: exec failed: " +
                      $"unable to start container process: exec: \"{invocation.Command[0]}\": {e.Message}: unknown";
            return null;
        }
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public void CloseStdin()
    {
        if (Interlocked.Exchange(ref _stdinClosed, 1) == 1) return;
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process already exited and the pipe is broken: stdin is closed either way.
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
