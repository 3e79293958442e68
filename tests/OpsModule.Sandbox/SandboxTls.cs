using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpsModule.Sandbox;

/// <summary>
/// A self-signed server certificate for the sandbox PostgreSQL, so connection strings with SslMode=Require (managed servers such as
/// Azure's, in the docs' examples) connect as they would there. The files are readable by the server's OS user only.
/// </summary>
internal sealed class SandboxTls : IDisposable
{
    private readonly string _directory;

    private SandboxTls(string directory) => _directory = directory;

    public string CertificateFile => Path.Combine(_directory, "server.crt");

    public string KeyFile => Path.Combine(_directory, "server.key");

    /// <summary>postgresql.conf settings that turn TLS on with this certificate.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["ssl"] = "on",
        ["ssl_cert_file"] = $"'{CertificateFile}'",
        ["ssl_key_file"] = $"'{KeyFile}'",
    };

    public static SandboxTls Create()
    {
        var tls = new SandboxTls(Directory.CreateTempSubdirectory("opsmodule-sandbox-tls-").FullName);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(tls.CertificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(tls.KeyFile, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tls.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // As root the server runs as the postgres OS user (PostgresServer), which must own the key.
        if (Environment.IsPrivilegedProcess)
        {
            using var chown = Process.Start("chown", ["-R", "postgres:postgres", tls._directory]);
            chown.WaitForExit();
            if (chown.ExitCode != 0)
            {
                throw new InvalidOperationException($"chown -R postgres:postgres {tls._directory} failed ({chown.ExitCode}).");
            }
        }

        return tls;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover certificate in the temp folder is harmless.
        }
    }
}
