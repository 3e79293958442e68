namespace OpsModule.TestCluster.Exec;

/// <summary>
/// An in-process stand-in for a command (set through <see cref="ExecOptions.CommandInterceptor"/>).
/// Returns the exit code. <see cref="ExecStreams.Stdin"/> ends when the client closes stdin.
/// </summary>
public delegate Task<int> FakeExecCommand(ExecStreams streams, CancellationToken cancellationToken);
