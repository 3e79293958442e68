using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace OpsModule.TestCluster.Exec;

/// <summary>
/// One accepted exec WebSocket: pumps the command's stdout/stderr out as channel 1/2 messages, feeds channel 0 into its
/// stdin, and ends with the status on channel 3 and a normal close, the way kubelet's remotecommand server does.
/// </summary>
internal sealed class ExecSession
{
    private const int ChunkSize = 32 * 1024;

    /// <summary>How long a command may keep running after the client closed the socket before it is killed.</summary>
    private static readonly TimeSpan ClientGoneGrace = TimeSpan.FromSeconds(2);

    private readonly HttpContext _http;
    private readonly WebSocket _socket;
    private readonly ExecInvocation _invocation;
    private readonly bool _supportsStreamClose;
    private readonly long? _dropAfterBytes;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop;
    private long _stdoutBytesSent;
    private bool _stdinClosed;

    public ExecSession(HttpContext http, WebSocket socket, ExecInvocation invocation, bool supportsStreamClose, long? dropAfterBytes)
    {
        _http = http;
        _socket = socket;
        _invocation = invocation;
        _supportsStreamClose = supportsStreamClose;
        _dropAfterBytes = dropAfterBytes;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
    }

    public async Task RunAsync(FakeExecCommand? fake)
    {
        try
        {
            await SendReadySignalAsync();
            string? startFailure = null;
            using IExecTarget? target = fake is not null ? new FakeExecTarget(fake) : ProcessExecTarget.TryStart(_invocation, out startFailure);
            if (target is null)
            {
                await FinishAsync(ExecStatus.InternalError(startFailure!), receiveLoop: null);
                return;
            }

            if (!_invocation.Stdin) CloseStdin(target);
            var receiveLoop = ReceiveLoopAsync(target);
            var stdoutPump = PumpAsync(target.Stdout, ExecProtocols.StdoutChannel, _invocation.Stdout, target);
            var stderrPump = PumpAsync(target.Stderr, ExecProtocols.StderrChannel, _invocation.Stderr, target);
            try
            {
                await Task.WhenAll(stdoutPump, stderrPump);
                var exitCode = await target.WaitForExitAsync().WaitAsync(_stop.Token);
                var status = exitCode == 0 ? ExecStatus.Success() : ExecStatus.NonZeroExit(_invocation.Command, exitCode);
                await FinishAsync(status, receiveLoop);
            }
            finally
            {
                target.Kill();
            }
        }
        catch (ConnectionDropInjected)
        {
            // Injected fault: the connection ends after the bytes already sent, with no status and no close frame.
            // Nothing is aborted or cancelled here: returning lets the server close the connection gracefully (FIN, not a
            // reset that could discard bytes in flight), so the client gets exactly N bytes, then a broken stream.
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            // The client went away: nobody is left to tell.
            _http.Abort();
        }
    }

    /// <summary>kubelet sends one empty message on the lowest writable channel so the client knows the stream is established.</summary>
    private Task SendReadySignalAsync()
    {
        var channel = _invocation.Stdout ? ExecProtocols.StdoutChannel
            : _invocation.Stderr ? ExecProtocols.StderrChannel
            : ExecProtocols.ErrorChannel;
        return SendAsync(new[] { channel });
    }

    private async Task PumpAsync(Stream source, byte channel, bool forward, IExecTarget target)
    {
        var buffer = new byte[ChunkSize + 1];
        buffer[0] = channel;
        int read;
        while ((read = await source.ReadAsync(buffer.AsMemory(1, ChunkSize), _stop.Token)) > 0)
        {
            if (!forward) continue; // the client did not ask for this stream: the output is discarded, as with /dev/null
            if (channel == ExecProtocols.StdoutChannel && _dropAfterBytes is long limit && _stdoutBytesSent + read >= limit)
            {
                var allowed = (int)(limit - _stdoutBytesSent);
                if (allowed > 0) await SendAsync(buffer.AsMemory(0, allowed + 1));
                target.Kill();
                throw new ConnectionDropInjected();
            }

            if (channel == ExecProtocols.StdoutChannel) _stdoutBytesSent += read;
            await SendAsync(buffer.AsMemory(0, read + 1));
        }
    }

    private async Task ReceiveLoopAsync(IExecTarget target)
    {
        await Task.Yield();
        var buffer = new byte[ChunkSize];
        var channel = -1; // channel of the message being received; -1 between messages
        var closeSignal = new List<byte>(2);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await ClientClosedAsync(target);
                    return;
                }

                var payload = buffer.AsMemory(0, result.Count);
                if (channel < 0 && payload.Length > 0)
                {
                    channel = payload.Span[0];
                    payload = payload[1..];
                }

                if (channel == ExecProtocols.StdinChannel) await WriteStdinAsync(target, payload);
                else if (channel == ExecProtocols.CloseSignal && _supportsStreamClose) closeSignal.AddRange(payload.Span);

                if (!result.EndOfMessage) continue;
                if (channel == ExecProtocols.CloseSignal && _supportsStreamClose && closeSignal is [ExecProtocols.StdinChannel])
                {
                    CloseStdin(target);
                }

                closeSignal.Clear();
                channel = -1;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            target.Kill();
        }
    }

    private async Task WriteStdinAsync(IExecTarget target, ReadOnlyMemory<byte> data)
    {
        if (_stdinClosed || data.IsEmpty) return;
        try
        {
            await target.Stdin.WriteAsync(data, _stop.Token);
            await target.Stdin.FlushAsync(_stop.Token);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The command stopped reading (exited, or closed its stdin): later input has nowhere to go, like EPIPE.
            _stdinClosed = true;
        }
    }

    private void CloseStdin(IExecTarget target)
    {
        _stdinClosed = true;
        target.CloseStdin();
    }

    private async Task ClientClosedAsync(IExecTarget target)
    {
        CloseStdin(target);
        if (await Task.WhenAny(target.WaitForExitAsync(), Task.Delay(ClientGoneGrace)) is not Task<int>) target.Kill();
    }

    private async Task FinishAsync(byte[] status, Task? receiveLoop)
    {
        var message = new byte[status.Length + 1];
        message[0] = ExecProtocols.ErrorChannel;
        status.CopyTo(message, 1);
        await SendAsync(message);
        await _sendLock.WaitAsync(_stop.Token);
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, _stop.Token);
        }
        finally
        {
            _sendLock.Release();
        }

        // Give the client a moment to answer the close handshake before the connection goes away.
        if (receiveLoop is not null) await Task.WhenAny(receiveLoop, Task.Delay(TimeSpan.FromSeconds(5)));
    }

    private async Task SendAsync(ReadOnlyMemory<byte> message)
    {
        await _sendLock.WaitAsync(_stop.Token);
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, _stop.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private sealed class ConnectionDropInjected : Exception;
}
