using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpsModule.Core.Kubernetes.Config;

/// <summary>
/// Loads the system certificate store on a thread-pool thread while the client is still being set up. SslStream builds a chain
/// against that store before our validator runs, even when the kubeconfig CA is the only root we trust, and on Linux the first
/// load reads every file of /etc/ssl/certs (100-200 ms) on the first request's critical path. .NET caches the loaded store
/// for the process, so the handshake then finds it ready; that is why it runs once per process, not per connection.
/// </summary>
internal static class SystemTrustPreloader
{
    private static int _started;

    public static void Start(X509Certificate2Collection? authorities)
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        _ = Task.Run(() =>
        {
            try
            {
                if (authorities is { Count: > 0 })
                {
                    // The same chain the validator builds, so its code is warm as well.
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.Build(authorities[0]);
                }
                else
                {
                    using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
                    store.Open(OpenFlags.ReadOnly);
                    foreach (var certificate in store.Certificates)
                    {
                        certificate.Dispose();
                    }
                }
            }
            catch (CryptographicException)
            {
                // Only a head start: the handshake loads the store itself and reports any real problem.
            }
        });
    }
}
