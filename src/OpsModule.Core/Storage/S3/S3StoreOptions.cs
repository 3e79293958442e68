
namespace OpsModule.Core.Storage.S3;

/// <summary>
/// How to reach an S3 store. With no <see cref="AccessKey"/> the standard AWS chain is used (environment variables,
/// shared profile, web identity, container/instance role). Never printed: <see cref="ToString"/> hides the keys.
/// </summary>
public sealed class S3StoreOptions
{
    /// <summary>S3 requires every part but the last to be at least 5 MiB.</summary>
    public const int MinimumPartSize = 5 * 1024 * 1024;

    public const int DefaultPartSize = 8 * 1024 * 1024;

    /// <summary>Endpoint of an S3-compatible server (MinIO, Ceph, s3rver …), e.g. http://minio:9000. Null means AWS.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>AWS region (eu-west-1 …). With <see cref="ServiceUrl"/> it is only the signing region (default us-east-1).</summary>
    public string? Region { get; init; }

    /// <summary>Path-style addressing (http://host/bucket/key). Null: on when <see cref="ServiceUrl"/> is set (what MinIO needs), off for AWS.</summary>
    public bool? ForcePathStyle { get; init; }

    /// <summary>Explicit access key id (e.g. a PSCredential's user name); null uses the AWS chain.</summary>
    public string? AccessKey { get; init; }

    /// <summary>Explicit secret key (e.g. a PSCredential's password). Required with <see cref="AccessKey"/>.</summary>
    public string? SecretKey { get; init; }

    /// <summary>Optional session token for temporary credentials.</summary>
    public string? SessionToken { get; init; }

    /// <summary>
    /// Bytes per multipart part (default 8 MiB, at least 5 MiB). A write holds at most two parts in memory: the one
    /// filling and the one uploading. The part size doubles every 1000 parts so an object can exceed 10000 × PartSize.
    /// </summary>
    public int PartSize { get; init; } = DefaultPartSize;

    /// <summary>Lets tests observe the HTTP traffic; null uses the SDK's own HttpClient.</summary>
    internal Amazon.Runtime.HttpClientFactory? HttpClientFactory { get; init; }

    /// <summary>A copy with another endpoint and region (everything else, credentials included, kept).</summary>
    internal S3StoreOptions With(Uri? serviceUrl, string? region) => new()
    {
        ServiceUrl = serviceUrl,
        Region = region,
        ForcePathStyle = ForcePathStyle,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        SessionToken = SessionToken,
        PartSize = PartSize,
        HttpClientFactory = HttpClientFactory,
    };

    public override string ToString() =>
        $"S3StoreOptions {{ ServiceUrl = {ServiceUrl}, Region = {Region}, ForcePathStyle = {ForcePathStyle}, "
        + $"Credentials = {(AccessKey is null ? "AWS chain" : "explicit")} }}";
}
