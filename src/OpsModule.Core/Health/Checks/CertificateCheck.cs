using k8s.Models;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OpsModule.Core.Health.Checks;

/// <summary>
/// Expiry of every kubernetes.io/tls Secret and every Ingress TLS Secret. Reads only the certificate (tls.crt); reports subject,
/// issuer and NotAfter, never the Secret's data.
/// </summary>
internal sealed class CertificateCheck : SnapshotCheck
{
    public override HealthCheck Check => HealthCheck.Certificates;

    public override SnapshotParts Needs => SnapshotParts.TlsSecrets | SnapshotParts.Ingresses;

    public override IEnumerable<OpsHealthResult> Evaluate(NamespaceSnapshot snapshot, HealthCheckContext context)
    {
        var options = context.Options;
        var now = context.Now;
        foreach (var secret in snapshot.TlsSecrets)
        {
            var ns = secret.Namespace();
            X509Certificate2? certificate = null;
            if (secret.Data?.TryGetValue("tls.crt", out var pem) == true)
            {
                try
                {
                    certificate = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(pem));
                }
                catch (CryptographicException)
                {
                }
            }

            if (certificate is null)
            {
                yield return HealthFinding.Problem(HealthStatus.Warning, HealthCheck.Certificates, HealthCodes.Certificates.CertificateUnreadable, ns, "Secret", secret.Name(),
                    "The Secret has no readable PEM certificate under tls.crt.",
                    $"Recreate it with kubectl create secret tls {secret.Name()} --cert=<file> --key=<file> -n {ns}.");
                continue;
            }

            using (certificate)
            {
                var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
                var days = (notAfter - now).TotalDays;
                var observed = notAfter.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
                var who = $"{certificate.GetNameInfo(X509NameType.SimpleName, false)} (issuer {certificate.GetNameInfo(X509NameType.SimpleName, true)})";
                var renew = $"Renew the certificate and update the Secret (cert-manager: kubectl describe certificate -n {ns}; manual: kubectl create secret tls {secret.Name()} ... --dry-run=client -o yaml | kubectl apply -f -).";
                if (days < 0)
                {
                    yield return HealthFinding.Problem(HealthStatus.Critical, HealthCheck.Certificates, HealthCodes.Certificates.CertificateExpired, ns, "Secret", secret.Name(),
                        $"Certificate {who} expired on {observed}.", renew, observed);
                }
                else if (days < options.CertificateCriticalDays || days < options.CertificateWarningDays)
                {
                    var status = days < options.CertificateCriticalDays ? HealthStatus.Critical : HealthStatus.Warning;
                    var limit = status == HealthStatus.Critical ? options.CertificateCriticalDays : options.CertificateWarningDays;
                    yield return HealthFinding.Problem(status, HealthCheck.Certificates, HealthCodes.Certificates.CertificateExpiring, ns, "Secret", secret.Name(),
                        $"Certificate {who} expires in {Math.Floor(days):0} days ({observed}).", renew, observed, $"{limit} days");
                }
                else
                {
                    yield return HealthFinding.Healthy(HealthCheck.Certificates, HealthCodes.Certificates.CertificateValid, ns, "Secret", secret.Name(),
                        $"Certificate {who} valid for {Math.Floor(days):0} more days.", observed);
                }
            }
        }
    }
}
