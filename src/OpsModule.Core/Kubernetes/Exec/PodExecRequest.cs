namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>
/// What to run in a pod (the query of <c>POST /api/v1/namespaces/{ns}/pods/{pod}/exec</c>). The command is an argv list,
/// not a shell line: wrap it as <c>["sh", "-c", "..."]</c> for shell syntax.
/// </summary>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="Pod">The pod name.</param>
/// <param name="Command">The argv to execute; at least one element.</param>
public sealed record PodExecRequest(string Namespace, string Pod, IReadOnlyList<string> Command)
{
    /// <summary>The container; null lets the API server choose, which it only does for single-container pods.</summary>
    public string? Container { get; init; }

    /// <summary>Attach stdin (<see cref="PodExecSession.StandardInput"/>).</summary>
    public bool Stdin { get; init; }

    public bool Stdout { get; init; } = true;

    public bool Stderr { get; init; } = true;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Namespace, nameof(Namespace));
        ArgumentException.ThrowIfNullOrEmpty(Pod, nameof(Pod));
        if (Command is null || Command.Count == 0 || string.IsNullOrEmpty(Command[0]))
        {
            throw new ArgumentException("An exec request needs a command (argv[0] at least).", nameof(Command));
        }

        if (!Stdin && !Stdout && !Stderr)
        {
            throw new ArgumentException("An exec request must attach at least one of stdin, stdout and stderr.", nameof(Stdout));
        }
    }
}
