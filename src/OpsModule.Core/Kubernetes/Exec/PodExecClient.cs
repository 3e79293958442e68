using System.Buffers;
using System.Text;

namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>
/// Runs commands in pods through the API server's exec subresource over WebSocket, offering
/// <c>v5.channel.k8s.io</c> first and <c>v4.channel.k8s.io</c> as the fallback (the same wire protocol as kubectl 1.30+).
/// </summary>
public sealed class PodExecClient
{
    /// <summary>The default cap of <see cref="CaptureAsync"/> per stream.</summary>
    public const int DefaultCaptureLimitBytes = 16 * 1024 * 1024;

    private readonly Uri _baseUri;
    private readonly HttpMessageInvoker _invoker;

    /// <param name="baseUri">The cluster's server URL (a path prefix, as behind Rancher, is kept).</param>
    /// <param name="handler">
    /// The cluster's handler (<c>KubernetesClientConfiguration.CreateHandler()</c>): TLS trust, client certificate and the
    /// Authorization header all come from it. Not disposed by this client.
    /// </param>
    public PodExecClient(Uri baseUri, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(handler);
        if (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"The cluster URL must be http or https, not '{baseUri.Scheme}'.", nameof(baseUri));
        }

        _baseUri = baseUri;
        _invoker = new HttpMessageInvoker(handler, disposeHandler: false);
    }

    /// <summary>
    /// Starts the command and returns once the server accepted the stream. <paramref name="cancellationToken"/> covers the
    /// whole session: cancelling it later aborts the running exec.
    /// </summary>
    /// <exception cref="KubernetesApiException">The server refused (404 pod not found, 400 bad container, 401, 403) or could not be reached.</exception>
    public async Task<PodExecSession> StartAsync(PodExecRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var uri = ExecUri(request);
        var target = $"pod {request.Namespace}/{request.Pod}" + (request.Container is null ? "" : $" (container {request.Container})");
        var (socket, protocol, response) = await ExecWebSocketConnector
            .ConnectAsync(_invoker, uri, target, cancellationToken).ConfigureAwait(false);
        return new PodExecSession(socket, protocol, response, request, target, uri.AbsolutePath, cancellationToken);
    }

    /// <summary>
    /// Runs the command to the end, copying <paramref name="stdin"/> in (then closing it) and the output to the given
    /// streams, and returns the exit code. Stdin is attached exactly when <paramref name="stdin"/> is not null.
    /// </summary>
    /// <exception cref="KubernetesApiException">The exec was refused, or the command could not be started.</exception>
    /// <exception cref="IOException">The connection was lost before the command finished (the output is incomplete).</exception>
    public async Task<int> ExecAsync(
        PodExecRequest request, Stream? stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        request = request with { Stdin = stdin is not null, Stdout = true, Stderr = true };
        await using var session = await StartAsync(request, cancellationToken).ConfigureAwait(false);
        var copies = new List<Task>
        {
            session.StandardOutput.CopyToAsync(stdout, cancellationToken),
            session.StandardError.CopyToAsync(stderr, cancellationToken),
        };
        if (stdin is not null) copies.Add(FeedStdinAsync(session, stdin, cancellationToken));

        await AllOrAbortAsync(session, copies).ConfigureAwait(false);
        var result = await session.Completion.ConfigureAwait(false);
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
        var exitCode = await ExecAsync(request, stdin, stdout, stderr, cancellationToken).ConfigureAwait(false);
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
            var finished = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(finished);
            if (!finished.IsCompletedSuccessfully && firstFailure is null)
            {
                firstFailure = finished;
                session.Abort();
            }
        }

        if (firstFailure is not null) await firstFailure.ConfigureAwait(false);
    }

    private static async Task FeedStdinAsync(PodExecSession session, Stream source, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(32 * 1024);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                try
                {
                    await session.StandardInput.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // The command ended without reading all input (e.g. head -c); its exit status tells whether that is fine.
                    return;
                }
            }

            await session.CloseStandardInputAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Uri ExecUri(PodExecRequest request)
    {
        var query = new StringBuilder();
        foreach (var argument in request.Command) query.Append("&command=").Append(Uri.EscapeDataString(argument));
        if (request.Container is not null) query.Append("&container=").Append(Uri.EscapeDataString(request.Container));
        query.Append("&stdin=").Append(request.Stdin ? "true" : "false")
            .Append("&stdout=").Append(request.Stdout ? "true" : "false")
            .Append("&stderr=").Append(request.Stderr ? "true" : "false");

        var builder = new UriBuilder(_baseUri)
        {
            Path = _baseUri.AbsolutePath.TrimEnd('/') +
                   $"/api/v1/namespaces/{Uri.EscapeDataString(request.Namespace)}/pods/{Uri.EscapeDataString(request.Pod)}/exec",
            Query = query.ToString(1, query.Length - 1),
        };
        return builder.Uri;
    }
}
