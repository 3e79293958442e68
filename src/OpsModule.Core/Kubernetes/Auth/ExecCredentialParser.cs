using System.Globalization;
using System.Text.Json;
using OpsModule.Core.Kubernetes.Config;

namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>Turns a plugin's stdout (an ExecCredential with status) into a credential. Never quotes the output.</summary>
internal static class ExecCredentialParser
{
    public static KubernetesCredential Parse(string stdout, ExecPluginSettings settings)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stdout);
        }
        catch (JsonException)
        {
            throw Invalid(settings, "printed output that is not JSON (an ExecCredential was expected on stdout)");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(settings, "printed JSON that is not an ExecCredential object");
            }

            var kind = StringProperty(root, "kind");
            if (kind != "ExecCredential")
            {
                throw Invalid(settings, $"printed kind '{kind}' instead of 'ExecCredential'");
            }

            var apiVersion = StringProperty(root, "apiVersion");
            if (apiVersion != settings.ApiVersion)
            {
                throw Invalid(settings, $"returned apiVersion '{apiVersion}' but the kubeconfig asks for '{settings.ApiVersion}'; update the plugin or the kubeconfig's exec apiVersion");
            }

            if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(settings, "returned an ExecCredential without status");
            }

            return FromStatus(status, settings);
        }
    }

    private static KubernetesCredential FromStatus(JsonElement status, ExecPluginSettings settings)
    {
        var token = StringProperty(status, "token");
        var certificatePem = StringProperty(status, "clientCertificateData");
        var keyPem = StringProperty(status, "clientKeyData");
        if (string.IsNullOrEmpty(certificatePem) != string.IsNullOrEmpty(keyPem))
        {
            throw Invalid(settings, "returned only one of clientCertificateData and clientKeyData; both are needed");
        }

        if (string.IsNullOrEmpty(token) && string.IsNullOrEmpty(certificatePem))
        {
            throw Invalid(settings, "returned neither a token nor a client certificate");
        }

        DateTimeOffset? expiresAt = null;
        var expiration = StringProperty(status, "expirationTimestamp");
        if (!string.IsNullOrEmpty(expiration))
        {
            if (!DateTimeOffset.TryParse(
                    expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                throw Invalid(settings, "returned an expirationTimestamp that is not an RFC 3339 time");
            }

            expiresAt = parsed;
        }

        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null;
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

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ExecCredentialException Invalid(ExecPluginSettings settings, string problem) =>
        new(
            ExecCredentialFailure.InvalidOutput,
            settings.Command,
            $"the kubeconfig user '{settings.UserName}' uses exec plugin '{settings.Command}', which {problem}.");
}
