using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Storage.S3;

/// <summary>Turns SDK failures into OpsExceptions that say what to do. Never includes keys: only bucket, key and S3 error codes.</summary>
internal static class S3ErrorTranslator
{
    public static Exception Translate(Exception e, BackupStoreLocation location, string path, string operation)
    {
        if (e is OperationCanceledException or OpsException)
        {
            return e;
        }

        var where = location.Describe(path);
        var bucket = location.Container;
        if (e is AmazonS3Exception s3)
        {
            var code = s3.ErrorCode ?? string.Empty;
            switch (code)
            {
                case "NoSuchBucket":
                    return new OpsException(StorageErrorIds.BucketNotFound, OpsErrorCategory.ObjectNotFound,
                        $"The S3 bucket '{bucket}' does not exist (while trying to {operation} '{where}').",
                        "Create the bucket first (aws s3 mb, the MinIO console) or correct the bucket in the location; with an S3-compatible server check -StorageEndpoint (-S3Endpoint).",
                        where, e);
                case "AccessDenied" or "AllAccessDisabled" or "AccountProblem":
                    return new OpsException(StorageErrorIds.AccessDenied, OpsErrorCategory.PermissionDenied,
                        $"S3 denied access to '{where}' (while trying to {operation}; S3 error {code}).",
                        "Check the credentials (-StorageCredential (-S3Credential) or the AWS profile/role in use) and the IAM and bucket policy: they need s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject and s3:AbortMultipartUpload on the bucket and prefix.",
                        where, e);
                case "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken" or "InvalidToken" or "TokenRefreshRequired":
                    return new OpsException(StorageErrorIds.AuthenticationFailed, OpsErrorCategory.AuthenticationError,
                        $"S3 rejected the credentials while trying to {operation} '{where}' (S3 error {code}).",
                        "Check the access key and secret key (-StorageCredential (-S3Credential)) or the AWS profile/environment in use; temporary credentials may have expired.",
                        where, e);
                case "NoSuchKey" or "NotFound":
                    return NotFound(where, e);
            }

            return s3.StatusCode switch
            {
                HttpStatusCode.NotFound => NotFound(where, e),
                HttpStatusCode.Forbidden => new OpsException(StorageErrorIds.AccessDenied, OpsErrorCategory.PermissionDenied,
                    $"S3 denied access to '{where}' (while trying to {operation}; HTTP 403).",
                    "Check the credentials and the bucket policy.", where, e),
                _ => new OpsException(StorageErrorIds.RequestFailed, OpsErrorCategory.ResourceUnavailable,
                    $"S3 failed to {operation} '{where}': HTTP {(int)s3.StatusCode} {code}.",
                    "Retry later; if it persists, check the S3 server's health and logs.", where, e),
            };
        }

        if (FindInner<HttpRequestException>(e) is not null || FindInner<SocketException>(e) is not null)
        {
            return new OpsException(StorageErrorIds.Unreachable, OpsErrorCategory.ConnectionError,
                $"The S3 endpoint for '{where}' could not be reached (while trying to {operation}).",
                "Check -StorageEndpoint (-S3Endpoint) (scheme, host, port), the network/proxy, and that the S3 server is running.", where, e);
        }

        if (e is AmazonClientException && e.Message.Contains("credential", StringComparison.OrdinalIgnoreCase))
        {
            return new OpsException(StorageErrorIds.CredentialsMissing, OpsErrorCategory.AuthenticationError,
                $"No AWS credentials were found to {operation} '{where}'.",
                "Pass -StorageCredential (-S3Credential), or configure the AWS chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or an instance/container role.",
                where, e);
        }

        if (e is AmazonClientException && e.Message.Contains("region", StringComparison.OrdinalIgnoreCase))
        {
            return new OpsException(StorageErrorIds.InvalidLocation, OpsErrorCategory.InvalidArgument,
                $"No AWS region is known for '{where}'.", "Pass -Region (e.g. eu-west-1) or set AWS_REGION.", where, e);
        }

        return e;
    }

    private static OpsException NotFound(string where, Exception e) => new(
        StorageErrorIds.NotFound, OpsErrorCategory.ObjectNotFound,
        $"'{where}' does not exist in the backup store.",
        "List the backups with Get-OpsBackup and pick an existing one.", where, e);

    private static T? FindInner<T>(Exception e)
        where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
