namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>
/// Credentials from an exec plugin, cached until shortly before expirationTimestamp (or for the life of the process
/// when the plugin gives none). One plugin run at a time; concurrent requests wait for it.
/// </summary>
internal sealed class ExecCredentialProvider : ICredentialProvider, IDisposable
{
    /// <summary>Refresh this long before the plugin's expiry so a request does not leave with a token about to lapse.</summary>
    public static readonly TimeSpan RefreshBeforeExpiry = TimeSpan.FromSeconds(10);

    private readonly ExecPluginSettings _settings;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile KubernetesCredential? _cached;

    public ExecCredentialProvider(ExecPluginSettings settings, TimeProvider clock, TimeSpan timeout)
    {
        _settings = settings;
        _clock = clock;
        _timeout = timeout;
    }

    public bool CanRefresh => true;

    public async ValueTask<KubernetesCredential> GetCredentialAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(_cached))
        {
            return _cached!;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (IsFresh(_cached))
            {
                return _cached!;
            }

            var stdout = await ExecPluginRunner.RunAsync(_settings, _timeout, cancellationToken);
            var credential = ExecCredentialParser.Parse(stdout, _settings);
            _cached = credential;
            return credential;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate(KubernetesCredential rejected)
    {
        if (ReferenceEquals(_cached, rejected))
        {
            _cached = null;
        }
    }

    public void Dispose() => _gate.Dispose();

    private bool IsFresh(KubernetesCredential? credential) =>
        credential is not null
        && (credential.ExpiresAt is null || _clock.GetUtcNow() + RefreshBeforeExpiry < credential.ExpiresAt.Value);
}
