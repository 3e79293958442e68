using System.Buffers;
using System.Net.WebSockets;

namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>
/// A running command in a pod. Read <see cref="StandardOutput"/> and <see cref="StandardError"/> while it runs (or dispose
/// the one you don't need: its data is then discarded); their buffers are bounded, so an unread stream eventually pauses
/// the command, like a process pipe. <see cref="Completion"/> ends after all output was delivered.
/// </summary>
/// <remarks>
/// Cancelling the token given to <see cref="PodExecClient.StartAsync"/>, <see cref="Abort"/>, or disposing before the
/// command finished aborts the connection; the API server then stops the stream (the remote process may keep running,
/// as with kubectl). A lost connection fails the streams and <see cref="Completion"/> with an <see cref="IOException"/>,
/// never a silent end of output.
/// </remarks>
public sealed class PodExecSession : IAsyncDisposable
{
    private const int MaxStdinMessage = 32 * 1024;
    private const int ReceiveBufferSize = 64 * 1024;
    private const int MaxStatusBytes = 1024 * 1024;

    private readonly WebSocket _socket;
    private readonly IDisposable _response;
    private readonly bool _stdinAttached;
    private readonly string _target;
    private readonly string _requestPath;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ExecOutputStream _stdout = new();
    private readonly ExecOutputStream _stderr = new();
    private readonly TaskCompletionSource<PodExecResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _cancellation;
    private readonly Task _receiveLoop;
    private readonly CancellationToken _cancellationToken;
    private Exception? _abortReason;
    private int _stdinClosed;
    private int _disposed;

    internal PodExecSession(
        WebSocket socket, string protocol, IDisposable response, PodExecRequest request, string target, string requestPath,
        CancellationToken cancellationToken)
    {
        _socket = socket;
        _response = response;
        _stdinAttached = request.Stdin;
        _target = target;
        _requestPath = requestPath;
        NegotiatedProtocol = protocol;
        StandardInput = new ExecInputStream(this, request.Stdin);
        StandardOutput = request.Stdout ? _stdout : Stream.Null;
        StandardError = request.Stderr ? _stderr : Stream.Null;
        if (!request.Stdout) _stdout.Dispose();
        if (!request.Stderr) _stderr.Dispose();
        Completion = _completion.Task;
        _cancellationToken = cancellationToken;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
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
            await SendAsync(new byte[] { ExecProtocol.CloseSignal, ExecProtocol.Stdin }, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
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
        await _receiveLoop.ConfigureAwait(false);
        await _cancellation.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _response.Dispose();
        _lifetime.Dispose();
    }

    private bool HasEnded => _completion.Task.IsCompleted || Volatile.Read(ref _abortReason) is not null;

    internal async ValueTask SendStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _stdinClosed) == 1) throw new InvalidOperationException("Stdin of this exec session was already closed.");
        var message = ArrayPool<byte>.Shared.Rent(Math.Min(data.Length, MaxStdinMessage) + 1);
        try
        {
            message[0] = ExecProtocol.Stdin;
            while (!data.IsEmpty)
            {
                var chunk = data[..Math.Min(data.Length, MaxStdinMessage)];
                chunk.CopyTo(message.AsMemory(1));
                await SendAsync(message.AsMemory(0, chunk.Length + 1), cancellationToken).ConfigureAwait(false);
                data = data[chunk.Length..];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (HasEnded) throw Ended(null);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            throw Ended(e);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private IOException Ended(Exception? inner) =>
        new($"The exec session in {_target} has ended; the command takes no more input.", inner);

    private void Cancel() => Abort(new OperationCanceledException("The exec session was cancelled.", _cancellationToken));

    private void Abort(Exception reason)
    {
        if (Volatile.Read(ref _disposed) == 1 && _completion.Task.IsCompleted) return;
        if (Interlocked.CompareExchange(ref _abortReason, reason, null) is not null) return;
        _lifetime.Cancel();
        _socket.Abort();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[ReceiveBufferSize];
        using var status = new MemoryStream();
        var channel = -1; // channel of the message being received; -1 between messages
        var closedByServer = false;
        Exception? failure = null;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), _lifetime.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    closedByServer = true;
                    break;
                }

                var payload = buffer.AsMemory(0, result.Count);
                if (channel < 0 && !payload.IsEmpty)
                {
                    channel = payload.Span[0];
                    payload = payload[1..];
                }

                // Empty payloads are normal: the server's "stream established" signal is one empty message.
                switch (channel)
                {
                    case ExecProtocol.Stdout:
                        await _stdout.WriteChunkAsync(payload, _lifetime.Token).ConfigureAwait(false);
                        break;
                    case ExecProtocol.Stderr:
                        await _stderr.WriteChunkAsync(payload, _lifetime.Token).ConfigureAwait(false);
                        break;
                    case ExecProtocol.Error when status.Length + payload.Length > MaxStatusBytes:
                        throw new IOException($"The exec status from {_target} exceeds {MaxStatusBytes} bytes.");
                    case ExecProtocol.Error:
                        status.Write(payload.Span);
                        break;
                }

                if (result.EndOfMessage) channel = -1;
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        Finish(status, closedByServer, failure);
        if (closedByServer) await AnswerCloseAsync().ConfigureAwait(false);
    }

    private void Finish(MemoryStream status, bool closedByServer, Exception? failure)
    {
        if (Volatile.Read(ref _abortReason) is { } aborted)
        {
            _stdout.Complete(aborted);
            _stderr.Complete(aborted);
            if (aborted is OperationCanceledException cancelled) _completion.TrySetCanceled(cancelled.CancellationToken);
            else _completion.TrySetException(aborted);
            return;
        }

        if (status.Length > 0)
        {
            // The status comes after all output, so the output is complete even if the connection broke afterwards.
            _stdout.Complete(null);
            _stderr.Complete(null);
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
            closedByServer
                ? $"The exec connection to {_target} was closed before the command's exit status arrived; the output may be incomplete."
                : $"The exec connection to {_target} was lost before the command finished; the output is incomplete.",
            failure);
        _stdout.Complete(lost);
        _stderr.Complete(lost);
        _completion.TrySetException(lost);
    }

    private async Task AnswerCloseAsync()
    {
        try
        {
            await _sendLock.WaitAsync(_lifetime.Token).ConfigureAwait(false);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, _lifetime.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The close handshake is a courtesy; the result is already known.
        }
    }
}
