using System.Runtime.CompilerServices;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace OpsModule.Core.Storage.S3;

/// <summary>
/// Backups in an S3 bucket under a key prefix (<c>s3://bucket/prefix</c>), on AWS or an S3-compatible server
/// (<see cref="S3StoreOptions.ServiceUrl"/>, path-style). Files are streamed as multipart uploads.
/// </summary>
public sealed class S3BackupStore : IBackupStore
{
    private const int DeleteBatchSize = 1000;
    private const string AccessProbePrefix = ".opsmodule-access-check/";

    public S3BackupStore(string location, S3StoreOptions? options = null)
        : this(BackupStoreLocation.Parse(location), options)
    {
    }

    public S3BackupStore(BackupStoreLocation location, S3StoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Kind != S3StoreProvider.KindName)
        {
            throw new ArgumentException($"'{location}' is not an s3:// location; open it with BackupStoreFactory.", nameof(location));
        }

        Options = S3Settings.Resolve(options ?? new S3StoreOptions());
        S3PartSizing.Validate(Options.PartSize);
        Location = location with { Endpoint = Options.ServiceUrl, Region = Options.Region };
        Client = CreateClient(Options);
    }

    public BackupStoreLocation Location { get; }

    public S3StoreOptions Options { get; }

    internal IAmazonS3 Client { get; }

    public async Task CheckAccessAsync(CancellationToken cancellationToken = default)
    {
        // Lists a key prefix inside the store that holds nothing: the same bucket and s3:ListBucket check as listing the
        // store, but the answer is never truncated. Some S3-compatible servers fail truncated listings (s3rver on
        // OpenSSL 3 answers 500 when it has to make a continuation token), which must not look like a broken store.
        await CallAsync("list", string.Empty, () => Client.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = Location.Container,
            Prefix = FolderKeyPrefix(string.Empty) + AccessProbePrefix,
            MaxKeys = 1,
        }, cancellationToken));
    }

    public Task<BackupWriteStream> OpenWriteAsync(string path, CancellationToken cancellationToken = default)
    {
        var relative = StorePath.CheckFile(path);
        return Task.FromResult<BackupWriteStream>(new S3BackupWriteStream(this, relative, Key(relative), Options.PartSize));
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var relative = StorePath.CheckFile(path);
        var response = await CallAsync("read", relative, () => Client.GetObjectAsync(Location.Container, Key(relative), cancellationToken));
        return new StoreReadStream(response.ResponseStream, response.ContentLength, Location.Describe(relative), "S3", response);
    }

    public async Task<string?> ReadTextAsync(string path, CancellationToken cancellationToken = default)
    {
        var relative = StorePath.CheckFile(path);
        try
        {
            using var response = await Client.GetObjectAsync(Location.Container, Key(relative), cancellationToken);
            using var reader = new StreamReader(response.ResponseStream, new UTF8Encoding(false));
            return await reader.ReadToEndAsync(cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw S3ErrorTranslator.Translate(e, Location, relative, "read");
        }
    }

    public async Task WriteTextAsync(string path, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var relative = StorePath.CheckFile(path);
        using var body = new MemoryStream(new UTF8Encoding(false).GetBytes(content), writable: false);
        await CallAsync("write", relative, () => Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Location.Container,
            Key = Key(relative),
            InputStream = body,
            AutoCloseStream = false,
            ContentType = ContentTypes.For(relative),
            UseChunkEncoding = false,
        }, cancellationToken));
    }

    public async IAsyncEnumerable<BackupStoreFile> ListFilesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var relative = StorePath.Check(prefix);
        var request = new ListObjectsV2Request { BucketName = Location.Container, Prefix = FolderKeyPrefix(relative) };
        var storePrefix = FolderKeyPrefix(string.Empty);
        while (true)
        {
            var page = await CallAsync("list", relative, () => Client.ListObjectsV2Async(request, cancellationToken));
            foreach (var item in page.S3Objects ?? [])
            {
                if (item.Key.EndsWith('/'))
                {
                    continue;
                }

                var modified = item.LastModified is { } when ? new DateTimeOffset(when.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.MinValue;
                yield return new BackupStoreFile(item.Key[storePrefix.Length..], item.Size ?? 0, modified);
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public async Task<int> DeleteFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var relative = StorePath.Check(folder);
        if (relative.Length == 0)
        {
            throw new ArgumentException("Refusing to delete the whole backup store; name a backup folder.", nameof(folder));
        }

        var keys = new List<string>();
        await foreach (var file in ListFilesAsync(relative, cancellationToken))
        {
            keys.Add(Key(file.Path));
        }

        foreach (var batch in keys.Chunk(DeleteBatchSize))
        {
            var response = await CallAsync("delete", relative, () => Client.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = Location.Container,
                Objects = batch.Select(k => new KeyVersion { Key = k }).ToList(),
            }, cancellationToken));
            if (response.DeleteErrors is { Count: > 0 } errors)
            {
                var first = errors[0];
                throw S3ErrorTranslator.Translate(
                    new AmazonS3Exception(first.Message) { ErrorCode = first.Code, StatusCode = System.Net.HttpStatusCode.Forbidden },
                    Location, relative, $"delete {errors.Count} file(s) of");
            }
        }

        return keys.Count;
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        return ValueTask.CompletedTask;
    }

    internal async Task<T> CallAsync<T>(string operation, string path, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var translated = S3ErrorTranslator.Translate(e, Location, path, operation);
            if (ReferenceEquals(translated, e))
            {
                throw;
            }

            throw translated;
        }
    }

    internal string Key(string relativePath) => StorePath.Join(Location.Prefix, relativePath);

    /// <summary>The key prefix of a folder ("a/b/"), or of the whole store.</summary>
    private string FolderKeyPrefix(string relativeFolder)
    {
        var key = StorePath.Join(Location.Prefix, relativeFolder);
        return key.Length == 0 ? string.Empty : key + "/";
    }

    private static AmazonS3Client CreateClient(S3StoreOptions options)
    {
        var config = new AmazonS3Config
        {
            // Optional CRC checksums and aws-chunked trailers are not understood by every S3-compatible server;
            // integrity is covered by the payload signature and OpsModule's own SHA-256.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl is { } serviceUrl)
        {
            if (!serviceUrl.IsAbsoluteUri || (serviceUrl.Scheme != Uri.UriSchemeHttp && serviceUrl.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"The S3 endpoint '{serviceUrl}' must be an absolute http:// or https:// URL.", nameof(options));
            }

            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = options.Region;
            config.ForcePathStyle = options.ForcePathStyle ?? true;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
            config.ForcePathStyle = options.ForcePathStyle ?? false;
        }

        if (options.HttpClientFactory is { } factory)
        {
            config.HttpClientFactory = factory;
        }

        var credentials = CreateCredentials(options);
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    private static AWSCredentials? CreateCredentials(S3StoreOptions options)
    {
        if (string.IsNullOrEmpty(options.AccessKey))
        {
            return null;
        }

        if (string.IsNullOrEmpty(options.SecretKey))
        {
            throw new ArgumentException("An S3 access key was given without its secret key: pass both (-StorageCredential (-S3Credential) user = access key, password = secret key).", nameof(options));
        }

        return string.IsNullOrEmpty(options.SessionToken)
            ? new BasicAWSCredentials(options.AccessKey, options.SecretKey)
            : new SessionAWSCredentials(options.AccessKey, options.SecretKey, options.SessionToken);
    }
}
