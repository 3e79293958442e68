using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.AzureBlob;
using OpsModule.Core.Storage.Folder;
using OpsModule.Core.Storage.S3;

namespace OpsModule.Tests.Storage;

public sealed class BackupStoreLocationTests
{
    [Theory]
    [InlineData("s3://backups", "backups", "")]
    [InlineData("s3://backups/", "backups", "")]
    [InlineData("S3://my.bucket-1/prod/db/", "my.bucket-1", "prod/db")]
    public void S3_locations_split_into_bucket_and_prefix(string text, string bucket, string prefix)
    {
        var location = BackupStoreLocation.Parse(text);
        Assert.Equal(("S3", "s3://" + bucket, bucket, prefix, false), (location.Kind, location.Root, location.Container, location.Prefix, location.IsFolder));
        Assert.IsType<S3BackupStore>(BackupStoreFactory.Create(location, new BackupStoreSettings { Region = "eu-west-1" }));
    }

    [Theory]
    [InlineData("azblob://opsbackups/nightly", null, "opsbackups", "nightly", "", null)]
    [InlineData("azblob://opsbackups/nightly/prod/db/", null, "opsbackups", "nightly", "prod/db", null)]
    [InlineData("https://opsbackups.blob.core.windows.net/nightly/prod", null, "opsbackups", "nightly", "prod", null)]
    [InlineData("https://opsbackups.blob.core.chinacloudapi.cn/nightly", null, "opsbackups", "nightly", "", "https://opsbackups.blob.core.chinacloudapi.cn/")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/nightly/prod", "http://127.0.0.1:10000/devstoreaccount1", "devstoreaccount1", "nightly", "prod", null)]
    public void Azure_blob_locations_split_into_account_container_and_prefix(string text, string? endpoint, string account, string container, string prefix, string? serviceEndpoint)
    {
        var location = BackupStoreLocation.Parse(text, endpoint is null ? null : new Uri(endpoint));

        Assert.Equal(("AzureBlob", $"azblob://{account}/{container}", container, prefix), (location.Kind, location.Root, location.Container, location.Prefix));
        Assert.Equal(account, AzureBlobStoreProvider.AccountOf(location));
        Assert.Equal(serviceEndpoint, location.Endpoint?.ToString());
        Assert.Equal(prefix.Length == 0 ? location.Root : $"{location.Root}/{prefix}", location.Describe());
        Assert.Equal(location, BackupStoreLocation.Parse(location.Describe()) with { Endpoint = location.Endpoint });
    }

    [Fact]
    public void Anything_without_a_scheme_is_a_folder_made_absolute()
    {
        var location = BackupStoreLocation.Parse("relative/backups");
        Assert.Equal(("Folder", true, (string?)null), (location.Kind, location.IsFolder, location.Container));
        Assert.Equal(Path.GetFullPath("relative/backups"), location.Root);
        Assert.Equal(Path.Combine(Path.GetFullPath("relative/backups"), "a", "b"), location.Describe("a/b"));
        Assert.IsType<LocalBackupStore>(BackupStoreFactory.Create("/var/backups"));
        Assert.Equal("s3://b-1/p/a/b", BackupStoreLocation.Parse("s3://b-1/p").Describe("a/b"));
    }

    [Fact]
    public void The_registry_finds_every_store_kind_of_the_assembly_and_asks_the_folder_last()
    {
        var kinds = BackupStoreRegistry.Default.Providers.Select(p => p.Kind).ToArray();

        Assert.Equal(["AzureBlob", "S3", "Folder"], kinds);
        Assert.IsType<AzureBlobStore>(BackupStoreFactory.Create("azblob://opsbackups/nightly"));
    }

    [Fact]
    public void A_shared_access_signature_on_the_url_is_the_credential_and_never_part_of_the_location()
    {
        const string sas = "sv=2024-11-04&ss=b&srt=co&sp=rwdlac&se=2030-01-01T00:00:00Z&sig=c2VjcmV0LXNpZ25hdHVyZQ%3D";
        var store = Assert.IsType<AzureBlobStore>(BackupStoreFactory.Create($"https://opsbackups.blob.core.windows.net/nightly/prod?{sas}"));

        Assert.Equal("shared access signature", store.Options.CredentialKind);
        Assert.Equal("azblob://opsbackups/nightly/prod", store.Location.Describe());
        Assert.DoesNotContain("sig=", store.Location.ToString() + store.Options, StringComparison.Ordinal);
        Assert.Equal("https://opsbackups.blob.core.windows.net/nightly?…", BackupStoreUrl.Redact($"https://opsbackups.blob.core.windows.net/nightly?{sas}"));
    }

    [Theory]
    [InlineData("user", "sv=2024&sig=abc", "shared access signature")]
    [InlineData("opsbackups", "bXkta2V5", "account key")]
    [InlineData(null, null, "DefaultAzureCredential")]
    public void The_neutral_credential_becomes_a_sas_an_account_key_or_the_default_azure_chain(string? user, string? secret, string kind)
    {
        var options = AzureBlobStoreOptions.From(new BackupStoreSettings { UserName = user, Secret = secret });

        Assert.Equal(kind, options.CredentialKind);
        if (secret is not null)
        {
            Assert.DoesNotContain(secret, options.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("s3://")]
    [InlineData("s3://Upper_Case/x")]
    [InlineData("s3://bucket/a/../b")]
    [InlineData("https://example.com/backups")]
    [InlineData("azblob://opsbackups")]
    [InlineData("azblob://Ops_Backups/nightly")]
    [InlineData("azblob://opsbackups/Night--ly")]
    [InlineData("azblob://opsbackups/nightly/a//b")]
    [InlineData("ftp://host/backups")]
    public void Unusable_locations_fail_with_invalid_location(string text)
    {
        var error = Assert.Throws<OpsException>(() => BackupStoreLocation.Parse(text));
        Assert.Equal(StorageErrorIds.InvalidLocation, error.ErrorId);
        Assert.Contains("s3://bucket/prefix", error.RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("azblob://account/container/prefix", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void An_access_key_without_secret_is_rejected_before_any_request()
    {
        var error = Assert.Throws<ArgumentException>(() => new S3BackupStore("s3://bucket", new S3StoreOptions { AccessKey = "AKIA", ServiceUrl = new Uri("http://127.0.0.1:9") }));
        Assert.Contains("secret key", error.Message, StringComparison.Ordinal);
    }
}
