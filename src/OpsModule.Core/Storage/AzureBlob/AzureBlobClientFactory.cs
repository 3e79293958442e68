using Azure;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Storage.AzureBlob;

/// <summary>The container client of a location, with the credential <see cref="AzureBlobStoreOptions"/> chooses.</summary>
internal static class AzureBlobClientFactory
{
    public static BlobContainerClient CreateContainerClient(BackupStoreLocation location, AzureBlobStoreOptions options)
    {
        var account = AzureBlobStoreProvider.AccountOf(location);
        var service = options.ServiceUrl ?? location.Endpoint ?? new Uri($"https://{account}.blob.core.windows.net");
        if (!service.IsAbsoluteUri || (service.Scheme != Uri.UriSchemeHttp && service.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The Azure Blob endpoint '{service}' must be an absolute http:// or https:// URL.", nameof(options));
        }

        var containerUrl = new Uri(service.ToString().TrimEnd('/') + "/" + location.Container);
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        if (options.Transport is { } transport)
        {
            clientOptions.Transport = transport;
        }

        if (options.SharedAccessSignature is { } sas)
        {
            return new BlobContainerClient(containerUrl, new AzureSasCredential(sas.TrimStart('?')), clientOptions);
        }

        if (options.AccountKey is { } key)
        {
            if (!IsBase64(key))
            {
                throw new OpsException(StorageErrorIds.AuthenticationFailed, OpsErrorCategory.AuthenticationError,
                    $"The account key given for '{location.Describe()}' is not an Azure storage account key (those are base64, 88 characters).",
                    "Pass the account's key1 or key2 as -StorageCredential's password (user name: the account), or a SAS token (sv=…&sig=…).",
                    location.Describe());
            }

            return new BlobContainerClient(containerUrl, new StorageSharedKeyCredential(options.AccountName ?? account, key), clientOptions);
        }

        if (service.Scheme != Uri.UriSchemeHttps)
        {
            throw new OpsException(StorageErrorIds.CredentialsMissing, OpsErrorCategory.AuthenticationError,
                $"The Azure Blob endpoint '{service}' is http://, and Microsoft Entra ID tokens (managed identity, Azure CLI) are only sent over https.",
                "Pass -StorageCredential (user = storage account, password = account key or SAS token), or use an https:// endpoint.",
                location.Describe());
        }

        // DefaultAzureCredential: environment, workload identity, managed identity (an Azure Automation account, an Azure VM), Azure CLI …;
        // never an interactive login, which a scheduled job could not answer.
        var credential = options.TokenCredential ?? new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ExcludeInteractiveBrowserCredential = true,
        });
        return new BlobContainerClient(containerUrl, credential, clientOptions);
    }

    private static bool IsBase64(string key) => key.Length % 4 == 0 && Convert.TryFromBase64String(key, new byte[key.Length], out _);
}
