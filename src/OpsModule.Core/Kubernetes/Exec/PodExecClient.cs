using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using OpsModule.Core.Kubernetes.Client;

namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>
/// Runs commands in pods through the API server's exec subresource over WebSocket, offering
/// <c>v5.channel.k8s.io</c> first and <c>v4.channel.k8s.io</c> as the fallback (the same wire protocol as kubectl 1.30+).
/// </summary>
public sealed class PodExecClient
{
    /// <summary>The default cap of <see cref="CaptureAsync"/> per stream.</summary>
    public const int DefaultCaptureLimitBytes = 16 * 1024 * 1024;

    private readonly ClusterKubernetes _kubernetes;

    /// <param name="handler">The cluster's handler (<c>KubernetesClientConfiguration.CreateHandler()</c>): TLS trust, client certificate and credentials.</param>
    public PodExecClient(Uri baseUri, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(handler);
        if (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"The cluster URL must be http or https, not '{baseUri.Scheme}'.", nameof(baseUri));
        }

        _kubernetes = new ClusterKubernetes(baseUri, handler, KubernetesClientOptions.Default);
    }

    internal PodExecClient(ClusterKubernetes kubernetes) => _kubernetes = kubernetes;

    /// <summary>
    /// Opens the exec WebSocket with KubernetesClient's <c>WebSocketNamespacedPodExecAsync</c> (never its convenience helpers,
    /// which cannot close stdin), offering v5 then v4.
    /// </summary>
    public async Task<PodExecSession> StartAsync(PodExecRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var target = $"pod {request.Namespace}/{request.Pod}" + (request.Container is null ? "" : $" (container {request.Container})");
        var requestPath = $"/api/v1/namespaces/{request.Namespace}/pods/{request.Pod}/exec";
        WebSocket socket;
        try
        {
            socket = await _kubernetes.WebSocketNamespacedPodExecAsync(
                request.Pod, request.Namespace, request.Command, request.Container,
                stderr: request.Stderr, stdin: request.Stdin, stdout: request.Stdout, tty: false,
                webSocketSubProtocol: ExecProtocol.V5, cancellationToken: cancellationToken);
        }
        catch (ExecRefusal refusal)
        {
            throw refusal.ToApiException(target, requestPath);
        }
        catch (WebSocketException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KubernetesApiException(
                $"Exec into {target} failed: could not reach the Kubernetes API server ({(e.InnerException ?? e).Message}).",
                method: "GET", requestPath: requestPath, innerException: e);
        }
        catch (HttpRequestException e)
        {
            throw new KubernetesApiException(
                $"Exec into {target} failed: could not reach the Kubernetes API server ({e.Message}).",
                method: "GET", requestPath: requestPath, innerException: e);
        }

        if (socket.SubProtocol is not { } protocol || !ExecProtocol.Offered.Contains(protocol))
        {
            socket.Dispose();
            throw new KubernetesApiException(
                $"Exec into {target} failed: the server chose no supported exec protocol (offered {string.Join(", ", ExecProtocol.Offered)}; got '{socket.SubProtocol}').",
                method: "GET", requestPath: requestPath);
        }

        return new PodExecSession(socket, protocol, request, target, requestPath, cancellationToken);
    }

    public async Task<int> ExecAsync(
        PodExecRequest request, Stream? stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        request = request with { Stdin = stdin is not null, Stdout = true, Stderr = true };
        await using var session = await StartAsync(request, cancellationToken);
        var copies = new List<Task>
        {
            session.StandardOutput.CopyToAsync(stdout, cancellationToken),
            session.StandardError.CopyToAsync(stderr, cancellationToken),
        };
        if (stdin is not null) copies.Add(FeedStdinAsync(session, stdin, cancellationToken));

        await AllOrAbortAsync(session, copies);
        var result = await session.Completion;
        return result.ExitCode;
    }

    /// <summary>Runs a small command and returns its exit code and output as UTF-8 text.</summary>
    /// <param name="standardInput">Text sent to stdin (then closed); null attaches no stdin.</param>
    /// <param name="maxBytes">Cap per stream; more output fails with <see cref="InvalidDataException"/> (use <see cref="ExecAsync"/> for big output).</param>
    public async Task<PodExecOutput> CaptureAsync(
        PodExecRequest request, string? standardInput = null, CancellationToken cancellationToken = default,
        int maxBytes = DefaultCaptureLimitBytes)
    {
        using var stdin = standardInput is null ? null : new MemoryStream(Encoding.UTF8.GetBytes(standardInput), writable: false);
        using var stdout = new CappedMemoryStream(maxBytes, "stdout");
        using var stderr = new CappedMemoryStream(maxBytes, "stderr");
        var exitCode = await ExecAsync(request, stdin, stdout, stderr, cancellationToken);
        return new PodExecOutput(exitCode, stdout.ToText(), stderr.ToText());
    }

    /// <summary>
    /// Waits for every copy. The first one that fails (a local stream throws, the connection drops) aborts the session so
    /// no other copy waits forever; its exception is rethrown only once all copies stopped touching the caller's streams.
    /// </summary>
    private static async Task AllOrAbortAsync(PodExecSession session, List<Task> copies)
    {
        Task? firstFailure = null;
        var pending = new List<Task>(copies);
        while (pending.Count > 0)
        {
            var finished = await Task.WhenAny(pending);
            pending.Remove(finished);
            if (!finished.IsCompletedSuccessfully && firstFailure is null)
            {
                firstFailure = finished;
                session.Abort();
            }
        }

        if (firstFailure is not null) await firstFailure;
    }

    private static async Task FeedStdinAsync(PodExecSession session, Stream source, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(32 * 1024);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                try
                {
                    await session.StandardInput.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                catch (IOException)
                {
                    // The command ended without reading all input (e.g. head -c); its exit status tells whether that is fine.
                    return;
                }
            }

            await session.CloseStandardInputAsync(cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
