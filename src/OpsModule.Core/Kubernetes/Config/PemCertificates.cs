using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OpsModule.Core.Kubernetes.Config;

/// <summary>PEM certificate authorities and client certificate + key (RSA or EC) as .NET certificates.</summary>
internal static class PemCertificates
{
    /// <summary>All certificates of a PEM bundle (a CA file may hold several).</summary>
    public static X509Certificate2Collection LoadAuthorities(byte[] pem, string owner)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(Encoding.ASCII.GetString(pem));
        }
        catch (CryptographicException e)
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.Invalid, $"{owner}: the certificate authority is not a valid PEM certificate bundle ({e.Message}).", e);
        }

        if (collection.Count == 0)
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.Invalid, $"{owner}: the certificate authority contains no PEM 'CERTIFICATE' block.");
        }

        return collection;
    }

    public static X509Certificate2 LoadClientCertificate(byte[] certificatePem, byte[] keyPem, string owner) =>
        LoadClientCertificate(Encoding.ASCII.GetString(certificatePem), Encoding.ASCII.GetString(keyPem), owner);

    public static X509Certificate2 LoadClientCertificate(string certificatePem, string keyPem, string owner)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (CryptographicException)
        {
            // The exception text can describe the key; keep it out of the message.
            throw new KubeConfigException(
                KubeConfigErrorKind.Invalid,
                $"{owner}: the client certificate and key could not be loaded; both must be PEM (RSA or EC, unencrypted key) and belong together.");
        }
        catch (ArgumentException)
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.Invalid,
                $"{owner}: the client certificate or key is not PEM ('CERTIFICATE' and 'PRIVATE KEY' / 'RSA PRIVATE KEY' / 'EC PRIVATE KEY' blocks expected).");
        }

        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        // SChannel cannot use the ephemeral key CreateFromPem produces; a PKCS#12 round-trip gives it a real key container.
        using (certificate)
        {
            var pfx = certificate.Export(X509ContentType.Pkcs12);
            return new X509Certificate2(pfx, (string?)null, X509KeyStorageFlags.UserKeySet);
        }
    }
}
