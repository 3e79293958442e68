using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.AzureBlob;
using OpsModule.Tests.Faults;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Storage;

[Collection(AzuriteServer.CollectionName)]
public sealed class AzureBlobStoreTests(AzuriteServer azure) : BackupStoreContractTests
{
    private const int BlockSize = 1024 * 1024;
    private readonly string _location = azure.NewLocation();
    private readonly AzureFaultHandler _recorder = new();

    protected override Task<IBackupStore> CreateStoreAsync() =>
        Task.FromResult<IBackupStore>(new AzureBlobStore(_location, WithTransport(azure.Options(BlockSize))));

    /// <summary>Lists the prefix with a separate client, not through the store.</summary>
    protected override async Task<IReadOnlyList<string>> RawFilesAsync()
    {
        var names = new List<string>();
        await foreach (var blob in azure.ContainerClient().GetBlobsAsync(BlobTraits.None, BlobStates.None, BackupStoreLocation.Parse(_location).Prefix + "/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    [Fact]
    public async Task A_large_write_is_staged_in_blocks_while_it_streams_holding_at_most_two_blocks()
    {
        var data = RandomBytes(5 * BlockSize + 12345);
        await using var output = await Store.OpenWriteAsync("c/n/d/20250101T000000Z-x/big.gz");

        await output.WriteAsync(data.AsMemory(0, 3 * BlockSize));
        Assert.True(_recorder.Requests.Count(AzureFaultHandler.IsStageBlock) >= 1, "no block was staged before the stream ended: the blob is being buffered whole");
        Assert.Empty(await RawFilesAsync());

        await output.WriteAsync(data.AsMemory(3 * BlockSize));
        var stored = await output.CompleteAsync();

        Assert.Equal(6, _recorder.Requests.Count(AzureFaultHandler.IsStageBlock));
        Assert.Single(_recorder.Requests, AzureFaultHandler.IsCommit);
        var chunked = Assert.IsAssignableFrom<ChunkedWriteStream>(output);
        Assert.InRange(chunked.PeakBufferedBytes, BlockSize, 2 * BlockSize);
        Assert.Equal(data.Length, stored.Size);
        var properties = await azure.ContainerClient().GetBlobClient(Store.Location.Prefix + "/c/n/d/20250101T000000Z-x/big.gz").GetPropertiesAsync();
        Assert.Equal(("application/gzip", (long)data.Length), (properties.Value.ContentType, properties.Value.ContentLength));
    }

    [Fact]
    public async Task A_small_file_is_one_upload_without_blocks()
    {
        await using var output = await Store.OpenWriteAsync("c/small.yaml");
        await output.WriteAsync("kind: Service\n"u8.ToArray());
        await output.CompleteAsync();

        Assert.DoesNotContain(_recorder.Requests, AzureFaultHandler.IsStageBlock);
        Assert.Equal("kind: Service\n", await Store.ReadTextAsync("c/small.yaml"));
    }

    [Fact]
    public async Task A_missing_container_fails_with_a_bucket_not_found_error()
    {
        await using var store = new AzureBlobStore($"azblob://{AzuriteServer.AccountName}/no-such-container/backups", azure.Options());

        var error = await Assert.ThrowsAsync<OpsException>(() => store.CheckAccessAsync());
        Assert.Equal((StorageErrorIds.BucketNotFound, OpsErrorCategory.ObjectNotFound), (error.ErrorId, error.Category));
        Assert.Contains("no-such-container", error.Message, StringComparison.Ordinal);
        Assert.Contains("Create the container", error.RecommendedAction, StringComparison.Ordinal);

        await using var output = await store.OpenWriteAsync("a/b.gz");
        await output.WriteAsync(new byte[10]);
        Assert.Equal(StorageErrorIds.BucketNotFound, (await Assert.ThrowsAsync<OpsException>(() => output.CompleteAsync())).ErrorId);
    }

    [Fact]
    public async Task A_wrong_account_key_fails_with_an_authentication_error_that_does_not_show_the_key()
    {
        var wrongKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        await using var store = new AzureBlobStore(_location, new AzureBlobStoreOptions { ServiceUrl = azure.ServiceUrl, AccountName = AzuriteServer.AccountName, AccountKey = wrongKey, MaxRetries = 0 });

        var error = await Assert.ThrowsAsync<OpsException>(() => store.CheckAccessAsync());
        Assert.Equal((StorageErrorIds.AuthenticationFailed, OpsErrorCategory.AuthenticationError), (error.ErrorId, error.Category));
        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, error.Message + error.RecommendedAction + error.InnerException, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, store.Options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sas_url_is_the_only_credential_needed_and_its_signature_shows_nowhere()
    {
        var sas = azure.ContainerClient().GenerateSasUri(BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1)).Query;
        var signature = System.Web.HttpUtility.ParseQueryString(sas)["sig"]!;
        var url = $"{azure.ServiceUrl}/{azure.Container}/{BackupStoreLocation.Parse(_location).Prefix}{sas}";

        await using var store = BackupStoreFactory.Create(url, new BackupStoreSettings { Endpoint = azure.ServiceUrl });
        await store.WriteTextAsync("x/manifest.json", "{}");

        Assert.Equal("{}", await Store.ReadTextAsync("x/manifest.json"));
        Assert.Equal(_location, store.Location.Describe());
        var missing = await Assert.ThrowsAsync<OpsException>(() => store.OpenReadAsync("x/none.gz"));
        Assert.DoesNotContain(signature, missing.Message + missing.TargetObject + missing.InnerException, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(signature), missing.InnerException!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_with_an_unreachable_error()
    {
        var options = azure.Options();
        await using var store = new AzureBlobStore(_location, new AzureBlobStoreOptions
        {
            ServiceUrl = new Uri($"http://127.0.0.1:1/{AzuriteServer.AccountName}"), AccountName = options.AccountName, AccountKey = options.AccountKey, MaxRetries = 0,
        });

        var error = await Assert.ThrowsAsync<OpsException>(() => store.CheckAccessAsync());
        Assert.Equal(StorageErrorIds.Unreachable, error.ErrorId);
        Assert.Contains("-StorageEndpoint", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_that_is_no_account_key_is_refused_before_any_request_without_showing_it()
    {
        const string notAKey = "hunter2-is-not-base64!";
        var error = Assert.Throws<OpsException>(() => BackupStoreFactory.Create(_location, new BackupStoreSettings { Endpoint = azure.ServiceUrl, UserName = AzuriteServer.AccountName, Secret = notAKey }));

        Assert.Equal(StorageErrorIds.AuthenticationFailed, error.ErrorId);
        Assert.Contains("SAS token", error.RecommendedAction, StringComparison.Ordinal);
        Assert.DoesNotContain(notAKey, error.Message + error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_key_or_sas_an_http_endpoint_is_refused_before_any_request()
    {
        var error = Assert.Throws<OpsException>(() => new AzureBlobStore(_location, new AzureBlobStoreOptions { ServiceUrl = azure.ServiceUrl }));
        Assert.Equal(StorageErrorIds.CredentialsMissing, error.ErrorId);
        Assert.Contains("-StorageCredential", error.RecommendedAction, StringComparison.Ordinal);
    }

    private AzureBlobStoreOptions WithTransport(AzureBlobStoreOptions options) => new()
    {
        ServiceUrl = options.ServiceUrl,
        AccountName = options.AccountName,
        AccountKey = options.AccountKey,
        BlockSize = options.BlockSize,
        MaxRetries = options.MaxRetries,
        RetryDelay = options.RetryDelay,
        Transport = _recorder.Transport,
    };
}
