namespace OpsModule.TestCluster.Exec;

/// <summary>What an exec runs: a local process or a fake command, seen as three pipes and an exit code.</summary>
internal interface IExecTarget : IDisposable
{
    /// <summary>Write end of the command's stdin.</summary>
    Stream Stdin { get; }

    /// <summary>Read end of the command's stdout.</summary>
    Stream Stdout { get; }

    /// <summary>Read end of the command's stderr.</summary>
    Stream Stderr { get; }

    Task<int> WaitForExitAsync();

    void CloseStdin();

    void Kill();
}
