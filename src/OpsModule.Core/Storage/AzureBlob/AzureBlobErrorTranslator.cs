using System.Net.Sockets;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs.Models;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Storage.AzureBlob;

/// <summary>
/// Turns Azure SDK failures into OpsExceptions with the same ids as S3's for the same failure. Never includes keys or
/// signatures: only the account, container, blob name and the service's error code.
/// </summary>
internal static class AzureBlobErrorTranslator
{
    private static readonly HashSet<string> AccessDeniedCodes = new(StringComparer.Ordinal)
    {
        "AuthorizationFailure", "AuthorizationPermissionMismatch", "AuthorizationResourceTypeMismatch", "AuthorizationServiceMismatch",
        "AuthorizationProtocolMismatch", "AuthorizationSourceIPMismatch", "InsufficientAccountPermissions", "AccountIsDisabled",
    };

    public static Exception Translate(Exception e, BackupStoreLocation location, string path, string operation)
    {
        if (e is OperationCanceledException or OpsException)
        {
            return e;
        }

        var where = location.Describe(path);
        if (Find<CredentialUnavailableException>(e) is not null)
        {
            return new OpsException(StorageErrorIds.CredentialsMissing, OpsErrorCategory.AuthenticationError,
                $"No Azure credential was found to {operation} '{where}'.",
                "Pass -StorageCredential (user = storage account, password = account key or SAS token), append a SAS token to the URL, or run where a managed identity, AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET or 'az login' provides one.",
                where, e);
        }

        if (Find<AuthenticationFailedException>(e) is not null)
        {
            return AuthenticationFailed(where, operation, "Microsoft Entra ID refused the token request", e);
        }

        if (Find<RequestFailedException>(e) is { } failed)
        {
            return FromService(failed, e, location, where, operation);
        }

        if (Find<HttpRequestException>(e) is not null || Find<SocketException>(e) is not null)
        {
            return Unreachable(where, operation, e);
        }

        return e;
    }

    private static Exception FromService(RequestFailedException failed, Exception e, BackupStoreLocation location, string where, string operation)
    {
        var code = failed.ErrorCode ?? string.Empty;
        if (code == BlobErrorCode.ContainerNotFound)
        {
            return new OpsException(StorageErrorIds.BucketNotFound, OpsErrorCategory.ObjectNotFound,
                $"The Azure blob container '{location.Container}' does not exist (while trying to {operation} '{where}').",
                "Create the container first (az storage container create, the portal) or correct the container in the location; with Azurite check -StorageEndpoint.",
                where, e);
        }

        if (code == BlobErrorCode.BlobNotFound || failed.Status == 404)
        {
            return new OpsException(StorageErrorIds.NotFound, OpsErrorCategory.ObjectNotFound,
                $"'{where}' does not exist in the backup store.", "List the backups with Get-OpsBackup and pick an existing one.", where, e);
        }

        // Azure answers a bad signature with AuthenticationFailed; Azurite with AuthorizationFailure and the same message.
        if (code == BlobErrorCode.AuthenticationFailed || failed.Status == 401
            || (failed.Status == 403 && failed.Message.Contains("failed to authenticate", StringComparison.OrdinalIgnoreCase)))
        {
            return AuthenticationFailed(where, operation, $"Azure error {Describe(failed)}", e);
        }

        if (AccessDeniedCodes.Contains(code) || failed.Status == 403)
        {
            return new OpsException(StorageErrorIds.AccessDenied, OpsErrorCategory.PermissionDenied,
                $"Azure Blob Storage denied access to '{where}' (while trying to {operation}; Azure error {Describe(failed)}).",
                "Give the identity the role 'Storage Blob Data Contributor' on the container (or account), or use a SAS token with read, add, create, write, delete and list permissions.",
                where, e);
        }

        if (failed.Status == 0)
        {
            return Unreachable(where, operation, e);
        }

        return new OpsException(StorageErrorIds.RequestFailed, OpsErrorCategory.ResourceUnavailable,
            $"Azure Blob Storage failed to {operation} '{where}': HTTP {failed.Status} {code}.",
            "Retry later; if it persists, check the storage account's health (Azure status, Azurite's log).", where, e);
    }

    private static OpsException AuthenticationFailed(string where, string operation, string detail, Exception e) => new(
        StorageErrorIds.AuthenticationFailed, OpsErrorCategory.AuthenticationError,
        $"Azure Blob Storage rejected the credentials while trying to {operation} '{where}' ({detail}).",
        "Check the account key or SAS token (-StorageCredential, or the URL's query): a SAS may have expired; a managed identity needs a role on the account.",
        where, e);

    private static OpsException Unreachable(string where, string operation, Exception e) => new(
        StorageErrorIds.Unreachable, OpsErrorCategory.ConnectionError,
        $"The Azure Blob endpoint for '{where}' could not be reached (while trying to {operation}).",
        "Check the account name, -StorageEndpoint (scheme, host, port), the network/proxy, and that the server (Azurite) is running.", where, e);

    private static string Describe(RequestFailedException failed) =>
        string.IsNullOrEmpty(failed.ErrorCode) ? $"HTTP {failed.Status}" : $"{failed.ErrorCode} (HTTP {failed.Status})";

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        if (e is T match)
        {
            return match;
        }

        if (e is AggregateException aggregate)
        {
            foreach (var inner in aggregate.InnerExceptions)
            {
                if (Find<T>(inner) is { } found)
                {
                    return found;
                }
            }
        }

        return e.InnerException is null ? null : Find<T>(e.InnerException);
    }
}
