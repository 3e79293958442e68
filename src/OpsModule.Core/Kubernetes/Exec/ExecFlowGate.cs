using System.Net.WebSockets;
using k8s;

namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>
/// The exec WebSocket as KubernetesClient's <see cref="StreamDemuxer"/> sees it, adding what the demuxer lacks.
/// The demuxer copies every message into its channel's buffer as fast as the socket delivers (growing to 40 MB, then
/// failing) and its streams can only wait for data by blocking a thread. The gate notes which channel each message
/// carries, so an <see cref="ExecOutputStream"/> knows when a read will not block, and it stops receiving while a reader
/// is more than <see cref="PauseAboveUnreadBytes"/> behind, so TCP flow control pauses the command instead of memory
/// growing. It also serializes sends (stdin, the v5 close signal, the close handshake), as a WebSocket requires.
/// </summary>
internal sealed class ExecFlowGate : WebSocket
{
    internal const int PauseAboveUnreadBytes = 4 * 1024 * 1024;
    private const byte CloseSignal = 255;

    private readonly WebSocket _socket;
    private readonly bool _supportsClose;
    private readonly Dictionary<byte, ExecOutputStream> _channels = [];
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly object _roomLock = new();
    private TaskCompletionSource? _roomWaiter;
    private volatile bool _aborted;
    private ExecOutputStream? _copying; // the channel whose data the demuxer copies between two receives
    private int _copyingBytes;
    private int _fragmentedChannel = -1; // a message whose further fragments belong to this channel
    private byte? _closedByServer;

    public ExecFlowGate(WebSocket socket, bool supportsClose)
    {
        _socket = socket;
        _supportsClose = supportsClose;
    }

    /// <summary>Why receiving failed, when it did (a dropped connection); null after a normal close.</summary>
    public Exception? ReceiveFailure { get; private set; }

    public override WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public override string? CloseStatusDescription => _socket.CloseStatusDescription;

    public override WebSocketState State => _socket.State;

    public override string? SubProtocol => _socket.SubProtocol;

    /// <summary>Tells the gate which stream reads a channel; call before the demuxer starts.</summary>
    public void Watch(ChannelIndex channel, ExecOutputStream stream) => _channels.Add((byte)channel, stream);

    /// <summary>The demuxer's ConnectionClosed: it has ended every channel's buffer, so nothing read from now on blocks.</summary>
    public void OnConnectionClosed()
    {
        HandOver();
        foreach (var stream in _channels.Values) stream.EndOfData();
    }

    /// <summary>A reader consumed data or gave up its stream: receiving may go on.</summary>
    public void RoomMade()
    {
        TaskCompletionSource? waiter;
        lock (_roomLock)
        {
            waiter = _roomWaiter;
            _roomWaiter = null;
        }

        waiter?.TrySetResult();
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        HandOver();
        await WaitForRoomAsync(cancellationToken);
        try
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            Note(buffer, result);
            return result;
        }
        catch (Exception e)
        {
            ReceiveFailure ??= e;
            throw;
        }
    }

    public override async Task SendAsync(
        ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(buffer, messageType, endOfMessage, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public override async Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        _socket.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override void Abort()
    {
        _aborted = true;
        _socket.Abort();
        RoomMade();
    }

    public override void Dispose()
    {
        _socket.Dispose();
        _sendLock.Dispose();
    }

    /// <summary>
    /// Mirrors how the demuxer reads a message: a first byte naming the channel, messages under two bytes skipped (the
    /// server's "stream established" signal), on v5 <c>[255, channel]</c> ending that channel, fragments continuing it.
    /// </summary>
    private void Note(ArraySegment<byte> buffer, WebSocketReceiveResult result)
    {
        if (result.MessageType == WebSocketMessageType.Close) return;
        var data = buffer.AsSpan(0, result.Count);
        if (_fragmentedChannel >= 0)
        {
            _copying = _channels.GetValueOrDefault((byte)_fragmentedChannel);
            _copyingBytes = data.Length;
        }
        else if (data.Length < 2)
        {
            return;
        }
        else if (_supportsClose && data[0] == CloseSignal)
        {
            _closedByServer = data[1];
            return;
        }
        else
        {
            _copying = _channels.GetValueOrDefault(data[0]);
            _copyingBytes = data.Length - 1;
            _fragmentedChannel = data[0];
        }

        if (result.EndOfMessage) _fragmentedChannel = -1;
    }

    /// <summary>The demuxer receives again only after copying the last message, so that data is now readable without blocking.</summary>
    private void HandOver()
    {
        _copying?.Arrived(_copyingBytes);
        _copying = null;
        if (_closedByServer is byte channel && _channels.TryGetValue(channel, out var closed)) closed.EndOfData();
        _closedByServer = null;
        foreach (var stream in _channels.Values) stream.DiscardIfAbandoned();
    }

    private async Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task room;
            lock (_roomLock)
            {
                if (_aborted) throw new WebSocketException(WebSocketError.InvalidState, "The exec session was aborted.");
                if (!AnyReaderBehind()) return;
                _roomWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                room = _roomWaiter.Task;
            }

            await room.WaitAsync(cancellationToken);
            foreach (var stream in _channels.Values) stream.DiscardIfAbandoned();
        }
    }

    private bool AnyReaderBehind()
    {
        foreach (var stream in _channels.Values)
        {
            if (stream.Unread > PauseAboveUnreadBytes) return true;
        }

        return false;
    }
}
