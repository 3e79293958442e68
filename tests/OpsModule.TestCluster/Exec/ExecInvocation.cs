namespace OpsModule.TestCluster.Exec;

/// <summary>One exec the test cluster was asked to run: which pod and container, the command, and the container's env.</summary>
/// <param name="Environment">The literal <c>env[].value</c> entries of the container spec (layered over this process's environment when run).</param>
/// <param name="Protocol">The negotiated subprotocol (<see cref="ExecProtocols.V5"/> or <see cref="ExecProtocols.V4"/>).</param>
public sealed record ExecInvocation(
    string Namespace,
    string Pod,
    string Container,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    bool Stdin,
    bool Stdout,
    bool Stderr,
    string Protocol);
