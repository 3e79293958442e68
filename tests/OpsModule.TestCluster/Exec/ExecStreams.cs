namespace OpsModule.TestCluster.Exec;

/// <summary>The streams a <see cref="FakeExecCommand"/> reads and writes; they behave like a real process's pipes.</summary>
public sealed class ExecStreams
{
    internal ExecStreams(Stream stdin, Stream stdout, Stream stderr)
    {
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
    }

    public Stream Stdin { get; }

    public Stream Stdout { get; }

    public Stream Stderr { get; }
}
