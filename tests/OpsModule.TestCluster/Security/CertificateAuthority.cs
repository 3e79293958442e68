using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpsModule.TestCluster.Security;

/// <summary>A throwaway CA that signs the server certificate and client certificates, like a cluster's own CA.</summary>
internal sealed class CertificateAuthority : IDisposable
{
    private readonly X509Certificate2 _ca;
    private readonly ECDsa _caKey;

    public CertificateAuthority()
    {
        _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kubernetes-test-ca", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        CertificatePem = _ca.ExportCertificatePem();
    }

    public string CertificatePem { get; }

    public X509Certificate2 Certificate => _ca;

    /// <summary>The API server's certificate for 127.0.0.1 and localhost, with its private key.</summary>
    public X509Certificate2 IssueServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kube-apiserver", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        san.AddDnsName("kubernetes.default.svc");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var issued = Issue(request);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A client certificate (PEM) and its private key (PKCS#1 RSA or SEC1 EC PEM, as kubeadm writes them).</summary>
    public (string CertificatePem, string KeyPem) IssueClientCertificate(string commonName, bool ecdsa)
    {
        var subject = new X500DistinguishedName($"CN={commonName}, O=system:masters");
        if (ecdsa)
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var cert = Issue(ClientRequest(new CertificateRequest(subject, ec, HashAlgorithmName.SHA256)));
            return (cert.ExportCertificatePem(), ec.ExportECPrivateKeyPem());
        }
        using var rsa = RSA.Create(2048);
        using var rsaCert = Issue(ClientRequest(new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
        return (rsaCert.ExportCertificatePem(), rsa.ExportRSAPrivateKeyPem());
    }

    /// <summary>True when <paramref name="certificate"/> chains to this CA.</summary>
    public bool Validates(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(certificate);
    }

    private static CertificateRequest ClientRequest(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        return request;
    }

    private X509Certificate2 Issue(CertificateRequest request)
    {
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        // The generator form lets an EC CA sign RSA keys as well.
        return request.Create(_ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey),
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30), serial);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _caKey.Dispose();
    }
}
