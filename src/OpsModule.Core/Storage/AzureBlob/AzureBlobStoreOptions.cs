using Azure.Core;
using Azure.Core.Pipeline;

namespace OpsModule.Core.Storage.AzureBlob;

/// <summary>
/// How to reach an Azure Blob store. Credentials, first match wins: a shared access signature; an account key (with the
/// account name, default the location's account); a token credential; else DefaultAzureCredential (managed identity,
/// environment, Azure CLI …). Never printed: <see cref="ToString"/> hides the secrets.
/// </summary>
public sealed class AzureBlobStoreOptions
{
    public const int DefaultBlockSize = 8 * 1024 * 1024;

    /// <summary>The blob service endpoint (Azurite: http://127.0.0.1:10000/devstoreaccount1); null: https://&lt;account&gt;.blob.core.windows.net.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>A shared access signature (the query of a SAS URL, with or without '?').</summary>
    public string? SharedAccessSignature { get; init; }

    public string? AccountName { get; init; }

    public string? AccountKey { get; init; }

    /// <summary>A token credential of the caller's choice (e.g. ManagedIdentityCredential with a client id).</summary>
    public TokenCredential? TokenCredential { get; init; }

    /// <summary>Bytes per staged block (default 8 MiB). A write holds at most two blocks in memory.</summary>
    public int BlockSize { get; init; } = DefaultBlockSize;

    /// <summary>Retries of a failed request (5xx, 408, 429, dropped connections) before the store reports the failure.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First retry delay; it grows exponentially.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(0.8);

    /// <summary>Lets tests observe or fault the HTTP traffic; null uses the SDK's own transport.</summary>
    internal HttpPipelineTransport? Transport { get; init; }

    /// <summary>The provider-neutral settings of the cmdlets: a password with <c>sig=</c> is a SAS, any other an account key.</summary>
    public static AzureBlobStoreOptions From(BackupStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var secretIsSas = settings.Secret?.Contains("sig=", StringComparison.Ordinal) == true;
        return new AzureBlobStoreOptions
        {
            ServiceUrl = settings.Endpoint,
            SharedAccessSignature = settings.SharedAccessSignature ?? (secretIsSas ? settings.Secret : null),
            AccountName = string.IsNullOrWhiteSpace(settings.UserName) ? null : settings.UserName.Trim(),
            AccountKey = secretIsSas || string.IsNullOrEmpty(settings.Secret) ? null : settings.Secret,
        };
    }

    public override string ToString() =>
        $"AzureBlobStoreOptions {{ ServiceUrl = {ServiceUrl}, Credential = {CredentialKind} }}";

    internal string CredentialKind =>
        SharedAccessSignature is not null ? "shared access signature"
        : AccountKey is not null ? "account key"
        : TokenCredential is not null ? "token credential"
        : "DefaultAzureCredential";
}
