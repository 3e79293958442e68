using System.Net.WebSockets;
using System.Runtime.InteropServices;
using k8s;

namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>
/// A running command in a pod. Read <see cref="StandardOutput"/> and <see cref="StandardError"/> while it runs (or dispose
/// the one you don't need: its data is then discarded); their buffers are bounded, so an unread stream eventually pauses
/// the command, like a process pipe. <see cref="Completion"/> ends after all output was delivered.
/// </summary>
/// <remarks>
/// The channels are KubernetesClient's <see cref="StreamDemuxer"/> (with the v5 close signal when v5 was chosen) behind an
/// <see cref="ExecFlowGate"/>. Cancelling the token given to <see cref="PodExecClient.StartAsync"/>, <see cref="Abort"/>, or
/// disposing before the command finished aborts the connection; the API server then stops the stream (the remote process
/// may keep running, as with kubectl). A lost connection fails the streams and <see cref="Completion"/> with an
/// <see cref="IOException"/>, never a silent end of output.
/// </remarks>
public sealed class PodExecSession : IAsyncDisposable
{
    private const int MaxStdinMessage = 32 * 1024;
    private const int MaxStatusBytes = 1024 * 1024;

    private readonly ExecFlowGate _gate;
    private readonly StreamDemuxer _demuxer;
    private readonly ExecOutputStream _status;
    private readonly bool _stdinAttached;
    private readonly string _target;
    private readonly string _requestPath;
    private readonly TaskCompletionSource<Exception?> _outputOutcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<PodExecResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _cancellation;
    private readonly Task _finish;
    private readonly CancellationToken _cancellationToken;
    private Exception? _abortReason;
    private int _stdinClosed;
    private int _disposed;

    internal PodExecSession(
        WebSocket socket, string protocol, PodExecRequest request, string target, string requestPath, CancellationToken cancellationToken)
    {
        _stdinAttached = request.Stdin;
        _target = target;
        _requestPath = requestPath;
        _cancellationToken = cancellationToken;
        NegotiatedProtocol = protocol;
        _gate = new ExecFlowGate(socket, CanCloseStdin);
        _demuxer = new StreamDemuxer(_gate, StreamType.RemoteCommand, ownsSocket: true, supportsClose: CanCloseStdin);
        StandardInput = new ExecInputStream(this, request.Stdin);
        StandardOutput = request.Stdout ? Output(ChannelIndex.StdOut, _outputOutcome.Task) : Stream.Null;
        StandardError = request.Stderr ? Output(ChannelIndex.StdErr, _outputOutcome.Task) : Stream.Null;
        _status = Output(ChannelIndex.Error, outcome: null);
        _demuxer.ConnectionClosed += (_, _) => _gate.OnConnectionClosed();
        _demuxer.Start();
        Completion = _completion.Task;
        _finish = Task.Run(FinishAsync);
        _cancellation = cancellationToken.Register(static state => ((PodExecSession)state!).Cancel(), this);
    }

    /// <summary>The subprotocol the server chose: <c>v5.channel.k8s.io</c> or <c>v4.channel.k8s.io</c>.</summary>
    public string NegotiatedProtocol { get; }

    /// <summary>
    /// True on v5: closing stdin reaches the command as end of input. On v4 (API servers before 1.30) closing stdin
    /// cannot be signalled, so a command that reads stdin to the end (cat, psql reading a dump) never finishes.
    /// </summary>
    public bool CanCloseStdin => NegotiatedProtocol == ExecProtocol.V5;

    /// <summary>Writable when <see cref="PodExecRequest.Stdin"/> was set; disposing it closes stdin (see <see cref="CanCloseStdin"/>).</summary>
    public Stream StandardInput { get; }

    /// <summary>Channel 1; <see cref="Stream.Null"/> when stdout was not requested.</summary>
    public Stream StandardOutput { get; }

    /// <summary>Channel 2; <see cref="Stream.Null"/> when stderr was not requested.</summary>
    public Stream StandardError { get; }

    /// <summary>
    /// The exit code once the command ended and all output arrived. Faults with <see cref="KubernetesApiException"/> when the
    /// server reports that the command could not run, with <see cref="IOException"/> when the connection ended before the
    /// exit status; cancelled when the session was cancelled, aborted or disposed first.
    /// </summary>
    public Task<PodExecResult> Completion { get; }

    /// <summary>Half-closes stdin (v5 close signal); the command sees end of input. Idempotent; a no-op on v4.</summary>
    public async ValueTask CloseStandardInputAsync(CancellationToken cancellationToken = default)
    {
        if (!_stdinAttached || Interlocked.Exchange(ref _stdinClosed, 1) == 1 || !CanCloseStdin || HasEnded) return;
        try
        {
            await _demuxer.CloseChannel(ChannelIndex.StdIn, cancellationToken);
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // The command already ended: there is no stdin left to close.
        }
    }

    /// <summary>Drops the connection now; the streams and <see cref="Completion"/> end as cancelled.</summary>
    public void Abort() => Abort(new OperationCanceledException("The exec session was aborted."));

    public async ValueTask DisposeAsync()
    {
        if (!_completion.Task.IsCompleted) Abort(new OperationCanceledException("The exec session was disposed before the command finished."));
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _finish;
        await _cancellation.DisposeAsync();
        _demuxer.Dispose(); // its receive loop has ended; it disposes the gate and the socket
    }

    private bool HasEnded => _completion.Task.IsCompleted || Volatile.Read(ref _abortReason) is not null;

    internal async ValueTask SendStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _stdinClosed) == 1) throw new InvalidOperationException("Stdin of this exec session was already closed.");
        if (!MemoryMarshal.TryGetArray(data, out var segment)) segment = data.ToArray();
        for (var offset = 0; offset < segment.Count; offset += MaxStdinMessage)
        {
            if (HasEnded) throw Ended(null);
            try
            {
                await _demuxer.Write(ChannelIndex.StdIn, segment.Array!, segment.Offset + offset,
                    Math.Min(MaxStdinMessage, segment.Count - offset), cancellationToken);
            }
            catch (Exception e) when (IsConnectionEnd(e))
            {
                throw Ended(e);
            }
        }
    }

    private static bool IsConnectionEnd(Exception e) => e is WebSocketException or ObjectDisposedException or InvalidOperationException;

    private IOException Ended(Exception? inner) =>
        new($"The exec session in {_target} has ended; the command takes no more input.", inner);

    private ExecOutputStream Output(ChannelIndex channel, Task<Exception?>? outcome)
    {
        var stream = new ExecOutputStream(_demuxer.GetStream(channel, null), outcome, _gate);
        _gate.Watch(channel, stream);
        return stream;
    }

    private void Cancel() => Abort(new OperationCanceledException("The exec session was cancelled.", _cancellationToken));

    private void Abort(Exception reason)
    {
        if (Volatile.Read(ref _disposed) == 1 && _completion.Task.IsCompleted) return;
        if (Interlocked.CompareExchange(ref _abortReason, reason, null) is not null) return;
        _gate.Abort();
    }

    /// <summary>Reads the status channel to its end (the end of the connection), then settles the streams and <see cref="Completion"/>.</summary>
    private async Task FinishAsync()
    {
        using var status = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await _status.ReadAsync(buffer)) > 0)
        {
            if (status.Length + read > MaxStatusBytes)
            {
                Abort(new IOException($"The exec status from {_target} exceeds {MaxStatusBytes} bytes."));
                continue;
            }

            status.Write(buffer, 0, read);
        }

        Settle(status);
        if (_gate.State == WebSocketState.CloseReceived) await AnswerCloseAsync();
    }

    private void Settle(MemoryStream status)
    {
        if (Volatile.Read(ref _abortReason) is { } aborted)
        {
            _outputOutcome.TrySetResult(aborted);
            if (aborted is OperationCanceledException cancelled) _completion.TrySetCanceled(cancelled.CancellationToken);
            else _completion.TrySetException(aborted);
            return;
        }

        if (status.Length > 0)
        {
            // The status comes after all output, so the output is complete even if the connection broke afterwards.
            _outputOutcome.TrySetResult(null);
            try
            {
                _completion.TrySetResult(ExecStatusInterpreter.Interpret(status.GetBuffer().AsSpan(0, (int)status.Length), _target, _requestPath));
            }
            catch (KubernetesApiException e)
            {
                _completion.TrySetException(e);
            }

            return;
        }

        var lost = new IOException(
            _gate.ReceiveFailure is null
                ? $"The exec connection to {_target} was closed before the command's exit status arrived; the output may be incomplete."
                : $"The exec connection to {_target} was lost before the command finished; the output is incomplete.",
            _gate.ReceiveFailure);
        _outputOutcome.TrySetResult(lost);
        _completion.TrySetException(lost);
    }

    private async Task AnswerCloseAsync()
    {
        try
        {
            await _gate.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException)
        {
            // The close handshake is a courtesy; the result is already known.
        }
    }
}
