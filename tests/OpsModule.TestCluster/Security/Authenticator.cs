using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OpsModule.TestCluster.Security;

/// <summary>Bearer token, client certificate and basic authentication, like the API server's authenticator chain.</summary>
internal sealed class Authenticator
{
    private readonly TestClusterOptions _options;
    private readonly CertificateAuthority? _ca;

    public Authenticator(TestClusterOptions options, CertificateAuthority? ca)
    {
        _options = options;
        _ca = ca;
    }

    /// <summary>The authenticated user name, or null when the request must be rejected with 401.</summary>
    public async Task<string?> AuthenticateAsync(HttpContext context)
    {
        if (_ca is not null && context.Request.IsHttps)
        {
            var certificate = await context.Connection.GetClientCertificateAsync(context.RequestAborted);
            if (certificate is not null && _ca.Validates(certificate))
                return certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false);
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        if (_options.RequiredToken is { } token && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && SameText(authorization[7..].Trim(), token))
            return "test-token-user";
        if (_options.BasicAuth is { } basic && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
            }
            catch (FormatException)
            {
                return null;
            }
            if (SameText(decoded, $"{basic.User}:{basic.Password}")) return basic.User;
        }
        return _options.RequiresAuthentication ? null : "system:anonymous";
    }

    private static bool SameText(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
