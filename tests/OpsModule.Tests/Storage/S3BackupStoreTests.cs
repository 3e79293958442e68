using Amazon.S3;
using Amazon.S3.Model;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.S3;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Storage;

[Collection(S3Server.CollectionName)]
public sealed class S3BackupStoreTests(S3Server s3) : BackupStoreContractTests
{
    private readonly string _location = s3.NewLocation();
    private readonly RecordingHttpClientFactory _recorder = new();

    protected override Task<IBackupStore> CreateStoreAsync() => Task.FromResult<IBackupStore>(new S3BackupStore(_location, WithRecorder(s3.Options())));

    /// <summary>Lists the prefix with a separate SDK client, not through the store.</summary>
    protected override async Task<IReadOnlyList<string>> RawFilesAsync()
    {
        using var client = new AmazonS3Client(S3Server.AccessKey, S3Server.SecretKey, new AmazonS3Config { ServiceURL = s3.ServiceUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        var response = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = s3.Bucket, Prefix = BackupStoreLocation.Parse(_location).Prefix + "/" });
        return (response.S3Objects ?? []).Select(o => o.Key).ToArray();
    }

    [Fact]
    public async Task A_large_write_is_uploaded_in_parts_while_it_streams_holding_at_most_two_parts()
    {
        const int partSize = S3StoreOptions.MinimumPartSize;
        var data = RandomBytes(20 * 1024 * 1024 + 12345);
        await using var output = (S3BackupWriteStream)await Store.OpenWriteAsync("c/n/d/20250101T000000Z-x/big.gz");

        await output.WriteAsync(data.AsMemory(0, 3 * partSize));
        Assert.NotNull(output.UploadId);
        Assert.True(output.UploadedParts.Count >= 1, "no part was uploaded before the stream ended: the object is being buffered whole");

        await output.WriteAsync(data.AsMemory(3 * partSize));
        var stored = await output.CompleteAsync();

        Assert.Equal([(1, partSize), (2, partSize), (3, partSize), (4, partSize), (5, 12345)], output.UploadedParts);
        var rentedPart = (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)partSize);
        Assert.InRange(output.PeakBufferedBytes, partSize, 2 * rentedPart);
        Assert.True(output.PeakBufferedBytes < data.Length);
        Assert.Equal(data.Length, stored.Size);
        Assert.Equal(5, _recorder.Requests.Count(r => r.StartsWith("PUT", StringComparison.Ordinal) && r.Contains("partNumber=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_small_file_is_one_put_without_a_multipart_upload()
    {
        await using var output = (S3BackupWriteStream)await Store.OpenWriteAsync("c/small.yaml");
        await output.WriteAsync("kind: Service\n"u8.ToArray());
        await output.CompleteAsync();

        Assert.Null(output.UploadId);
        Assert.DoesNotContain(_recorder.Requests, r => r.Contains("uploads", StringComparison.Ordinal));
        Assert.Equal("kind: Service\n", await Store.ReadTextAsync("c/small.yaml"));
    }

    [Fact]
    public async Task An_abort_sends_abort_multipart_upload_for_the_started_upload()
    {
        await using var output = (S3BackupWriteStream)await Store.OpenWriteAsync("c/n/d/20250101T000000Z-x/big.gz");
        await output.WriteAsync(RandomBytes(S3StoreOptions.MinimumPartSize + 1));
        var uploadId = output.UploadId;
        Assert.NotNull(uploadId);

        await output.AbortAsync();

        Assert.Contains(_recorder.Requests, r => r.StartsWith("DELETE", StringComparison.Ordinal) && r.Contains($"uploadId={uploadId}", StringComparison.Ordinal));
        Assert.Empty(await RawFilesAsync());
        // s3rver 3.7.1 answers AbortMultipartUpload with 405 (not implemented) and has no ListMultipartUploads; real S3 and
        // MinIO drop the parts. The store treats a failed abort as best effort: the object never became visible.
        if (output.AbortFailure is not null)
        {
            Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, Assert.IsType<AmazonS3Exception>(output.AbortFailure).StatusCode);
        }
    }

    [Fact]
    public async Task A_missing_bucket_fails_with_a_bucket_not_found_error()
    {
        await using var store = new S3BackupStore("s3://no-such-bucket/backups", s3.Options());

        var error = await Assert.ThrowsAsync<OpsException>(() => store.CheckAccessAsync());
        Assert.Equal(StorageErrorIds.BucketNotFound, error.ErrorId);
        Assert.Equal(OpsErrorCategory.ObjectNotFound, error.Category);
        Assert.Contains("no-such-bucket", error.Message, StringComparison.Ordinal);
        Assert.Contains("Create the bucket", error.RecommendedAction, StringComparison.Ordinal);

        await using var output = await store.OpenWriteAsync("a/b.gz");
        await output.WriteAsync(new byte[10]);
        var write = await Assert.ThrowsAsync<OpsException>(() => output.CompleteAsync());
        Assert.Equal(StorageErrorIds.BucketNotFound, write.ErrorId);
    }

    [Fact]
    public async Task Wrong_credentials_fail_with_an_authentication_error_that_does_not_show_the_secret()
    {
        // s3rver checks the access key id but does not verify SigV4 signatures, so an unknown key id is the rejection it can produce.
        const string secret = "wrong-secret-7f3a9c";
        await using var store = new S3BackupStore(_location, new S3StoreOptions { ServiceUrl = s3.ServiceUrl, AccessKey = "UNKNOWNKEY", SecretKey = secret });

        var error = await Assert.ThrowsAsync<OpsException>(() => store.CheckAccessAsync());
        Assert.Equal(StorageErrorIds.AuthenticationFailed, error.ErrorId);
        Assert.Equal(OpsErrorCategory.AuthenticationError, error.Category);
        Assert.Contains("InvalidAccessKeyId", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message + error.RecommendedAction + error.InnerException, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, store.Options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_with_an_unreachable_error()
    {
        await using var store = new S3BackupStore(_location, s3.Options() is var o
            ? new S3StoreOptions { ServiceUrl = new Uri("http://127.0.0.1:1"), AccessKey = o.AccessKey, SecretKey = o.SecretKey }
            : null);

        var error = await Assert.ThrowsAsync<OpsException>(() => store.CheckAccessAsync());
        Assert.Equal(StorageErrorIds.Unreachable, error.ErrorId);
        Assert.Contains("-S3Endpoint", error.RecommendedAction, StringComparison.Ordinal);
    }

    private S3StoreOptions WithRecorder(S3StoreOptions options) => new()
    {
        ServiceUrl = options.ServiceUrl,
        AccessKey = options.AccessKey,
        SecretKey = options.SecretKey,
        PartSize = options.PartSize,
        HttpClientFactory = _recorder,
    };
}
