using System.ComponentModel;
using System.Diagnostics;

namespace OpsModule.Core.Processes;

internal static class ProcessKilling
{
    /// <summary>Kills the process and its children; a process that already exited is not an error.</summary>
    public static void KillTree(this Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }
}
