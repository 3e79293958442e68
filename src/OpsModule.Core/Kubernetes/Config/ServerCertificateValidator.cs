using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpsModule.Core.Kubernetes.Config;

/// <summary>
/// Checks the API server's certificate the way kubectl does: against the kubeconfig CA only when one is given (custom
/// root trust, no revocation check), else the system store; and the name against tls-server-name or the URL host.
/// </summary>
internal sealed class ServerCertificateValidator
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private readonly X509Certificate2Collection? _authorities;
    private readonly bool _insecure;
    private readonly string _expectedName;

    public ServerCertificateValidator(X509Certificate2Collection? authorities, bool insecure, string expectedName)
    {
        _authorities = authorities;
        _insecure = insecure;
        _expectedName = expectedName;
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_insecure)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        var chainTrusted = _authorities is null
            ? (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None
            : ChainsToAuthorities(leaf, chain);

        // The name is checked here rather than by SslStream so that tls-server-name is honoured whatever SNI host was used.
        return chainTrusted && leaf.MatchesHostname(_expectedName, allowWildcards: true, allowCommonName: false);
    }

    private bool ChainsToAuthorities(X509Certificate2 leaf, X509Chain? presented)
    {
        using var verifier = new X509Chain();
        var policy = verifier.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_authorities!);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.ApplicationPolicy.Add(ServerAuthentication);
        if (presented is not null)
        {
            // Intermediates the server sent.
            policy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (var element in presented.ChainElements)
            {
                if (!element.Certificate.Equals(leaf))
                {
                    policy.ExtraStore.Add(element.Certificate);
                }
            }
        }

        return verifier.Build(leaf);
    }
}
