namespace OpsModule.TestCluster.Exec;

/// <summary>Knobs a test sets on exec behaviour (fault injection, protocol limits, fake commands). Thread-safe.</summary>
public sealed class ExecOptions
{
    private static readonly string[] AllProtocols = [ExecProtocols.V5, ExecProtocols.V4];

    private readonly object _gate = new();
    private readonly List<ExecInvocation> _invocations = [];
    private IReadOnlyList<string> _supportedProtocols = AllProtocols;
    private long? _dropAfterBytes;
    private long? _dropNextExecAfterBytes;

    /// <summary>
    /// Subprotocols the server accepts, e.g. <c>[ExecProtocols.V4]</c> for a pre-1.30 cluster. The server picks the first
    /// protocol in the client's list that is also in this list; none in common means 403 Forbidden, as the real server answers.
    /// </summary>
    public IReadOnlyList<string> SupportedProtocols
    {
        get { lock (_gate) return _supportedProtocols; }
        set { lock (_gate) _supportedProtocols = [.. value]; }
    }

    /// <summary>
    /// Every exec from now on ends its connection abruptly after sending this many stdout bytes: the bytes sent arrive,
    /// then the TCP connection closes with no exit status and no WebSocket close frame, as when a proxy or node drops it.
    /// Null (the default) turns it off.
    /// </summary>
    public long? DropAfterBytes
    {
        get { lock (_gate) return _dropAfterBytes; }
        set { lock (_gate) _dropAfterBytes = value; }
    }

    /// <summary>
    /// Rewrites what is run, e.g. maps <c>pg_dump</c> to <c>/usr/lib/postgresql/15/bin/pg_dump</c> or adds env entries.
    /// Applied before <see cref="CommandInterceptor"/>; the rewritten invocation is what <see cref="Invocations"/> records.
    /// </summary>
    public Func<ExecInvocation, ExecInvocation>? CommandRewriter { get; set; }

    /// <summary>Return a fake command to run in-process instead of a local process, or null to run the real command.</summary>
    public Func<ExecInvocation, FakeExecCommand?>? CommandInterceptor { get; set; }

    /// <summary>Every exec accepted so far, in order (after <see cref="CommandRewriter"/>).</summary>
    public IReadOnlyList<ExecInvocation> Invocations
    {
        get { lock (_gate) return [.. _invocations]; }
    }

    /// <summary>Only the next exec drops its connection after this many stdout bytes (see <see cref="DropAfterBytes"/>).</summary>
    public void DropNextExecAfterBytes(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate) _dropNextExecAfterBytes = bytes;
    }

    /// <summary>Back to the defaults: both protocols, no faults, no rewriter or interceptor, empty history.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _supportedProtocols = AllProtocols;
            _dropAfterBytes = null;
            _dropNextExecAfterBytes = null;
            _invocations.Clear();
        }
        CommandRewriter = null;
        CommandInterceptor = null;
    }

    internal long? TakeDropLimit()
    {
        lock (_gate)
        {
            var oneShot = _dropNextExecAfterBytes;
            _dropNextExecAfterBytes = null;
            return oneShot ?? _dropAfterBytes;
        }
    }

    internal void Record(ExecInvocation invocation)
    {
        lock (_gate) _invocations.Add(invocation);
    }
}
