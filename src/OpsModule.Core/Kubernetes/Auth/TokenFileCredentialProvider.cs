namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>
/// A bearer token read from a file (kubeconfig tokenFile, projected service account token). The file is stat'ed on each
/// request and re-read when its timestamp or size changes, and at least every <see cref="MaximumAge"/> regardless
/// (kubelet rotates by swapping symlinks, which does not always change what a stat sees).
/// </summary>
internal sealed class TokenFileCredentialProvider : ICredentialProvider
{
    public static readonly TimeSpan MaximumAge = TimeSpan.FromMinutes(1);

    private readonly string _path;
    private readonly string _owner;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private KubernetesCredential? _current;
    private (DateTime WriteTime, long Length) _stamp;
    private DateTimeOffset _readAt;

    public TokenFileCredentialProvider(string path, string owner, TimeProvider clock)
    {
        _path = path;
        _owner = owner;
        _clock = clock;
    }

    public bool CanRefresh => true;

    public ValueTask<KubernetesCredential> GetCredentialAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var stamp = Stamp();
            var now = _clock.GetUtcNow();
            if (_current is null || stamp != _stamp || now - _readAt >= MaximumAge)
            {
                Reload(stamp, now);
            }

            return ValueTask.FromResult(_current!);
        }
    }

    public void Invalidate(KubernetesCredential rejected)
    {
        lock (_gate)
        {
            if (ReferenceEquals(rejected, _current))
            {
                _readAt = DateTimeOffset.MinValue;
            }
        }
    }

    private void Reload((DateTime, long) stamp, DateTimeOffset now)
    {
        string token;
        try
        {
            token = File.ReadAllText(_path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (_current is not null)
            {
                return; // Mid-rotation or transient: keep the last good token, like client-go.
            }

            throw new Config.KubeConfigException(
                Config.KubeConfigErrorKind.Invalid, $"{_owner}: cannot read token file '{_path}': {e.Message}", e);
        }

        if (token.Length == 0)
        {
            if (_current is not null)
            {
                return;
            }

            throw new Config.KubeConfigException(Config.KubeConfigErrorKind.Invalid, $"{_owner}: token file '{_path}' is empty.");
        }

        _current = KubernetesCredential.Bearer(token);
        _stamp = stamp;
        _readAt = now;
    }

    private (DateTime, long) Stamp()
    {
        var info = new FileInfo(_path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }
}
