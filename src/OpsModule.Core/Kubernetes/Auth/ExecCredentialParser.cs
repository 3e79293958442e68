using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using k8s;
using k8s.KubeConfigModels;
using OpsModule.Core.Kubernetes.Config;

namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>
/// Turns a plugin's stdout (an ExecCredential with status, read into KubernetesClient's model) into a credential.
/// Never quotes the output: it may hold the token.
/// </summary>
internal static class ExecCredentialParser
{
    public static KubernetesCredential Parse(string stdout, ExecPluginSettings settings)
    {
        ExecCredentialResponse? response;
        try
        {
            response = KubernetesJson.Deserialize<ExecCredentialResponse?>(stdout);
        }
        catch (JsonException e) when (e.Path?.EndsWith("expirationTimestamp", StringComparison.OrdinalIgnoreCase) == true)
        {
            throw Invalid(settings, "returned an expirationTimestamp that is not an RFC 3339 time");
        }
        catch (JsonException)
        {
            throw Invalid(settings, stdout.TrimStart().StartsWith('{')
                ? "printed JSON that is not a valid ExecCredential object"
                : "printed output that is not JSON (an ExecCredential was expected on stdout)");
        }
        catch (FormatException)
        {
            throw Invalid(settings, "returned an expirationTimestamp that is not an RFC 3339 time");
        }

        if (response is null)
        {
            throw Invalid(settings, "printed JSON that is not an ExecCredential object");
        }

        if (response.Kind != "ExecCredential")
        {
            throw Invalid(settings, $"printed kind '{response.Kind}' instead of 'ExecCredential'");
        }

        if (response.ApiVersion != settings.ApiVersion)
        {
            throw Invalid(settings, $"returned apiVersion '{response.ApiVersion}' but the kubeconfig asks for '{settings.ApiVersion}'; update the plugin or the kubeconfig's exec apiVersion");
        }

        return response.Status is { } status
            ? FromStatus(status, settings)
            : throw Invalid(settings, "returned an ExecCredential without status");
    }

    private static KubernetesCredential FromStatus(ExecCredentialResponse.ExecStatus status, ExecPluginSettings settings)
    {
        var token = status.Token;
        var certificatePem = status.ClientCertificateData;
        var keyPem = status.ClientKeyData;
        if (string.IsNullOrEmpty(certificatePem) != string.IsNullOrEmpty(keyPem))
        {
            throw Invalid(settings, "returned only one of clientCertificateData and clientKeyData; both are needed");
        }

        if (!status.IsValid())
        {
            throw Invalid(settings, "returned neither a token nor a client certificate");
        }

        DateTimeOffset? expiresAt = status.ExpirationTimestamp is { } expiration
            ? new DateTimeOffset(DateTime.SpecifyKind(expiration, DateTimeKind.Utc))
            : null;

        X509Certificate2? certificate = null;
        if (!string.IsNullOrEmpty(certificatePem))
        {
            try
            {
                certificate = PemCertificates.LoadClientCertificate(certificatePem, keyPem!, $"the exec plugin '{settings.Command}'");
            }
            catch (KubeConfigException e)
            {
                throw new ExecCredentialException(ExecCredentialFailure.InvalidOutput, settings.Command, e.Message, innerException: e);
            }
        }

        return new KubernetesCredential(
            string.IsNullOrEmpty(token) ? null : new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token),
            certificate,
            expiresAt);
    }

    private static ExecCredentialException Invalid(ExecPluginSettings settings, string problem) =>
        new(
            ExecCredentialFailure.InvalidOutput,
            settings.Command,
            $"the kubeconfig user '{settings.UserName}' uses exec plugin '{settings.Command}', which {problem}.");
}
