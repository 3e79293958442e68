using OpsModule.Core.Errors;
using OpsModule.Core.Storage;

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
        Assert.Equal((BackupStoreKind.S3, bucket, prefix, (string?)null), (location.Kind, location.Bucket, location.Prefix, location.LocalPath));
        Assert.IsType<S3BackupStore>(BackupStoreFactory.Create(location, new S3StoreOptions { Region = "eu-west-1" }));
    }

    [Fact]
    public void Anything_else_is_a_local_folder_made_absolute()
    {
        var location = BackupStoreLocation.Parse("relative/backups");
        Assert.Equal(BackupStoreKind.Local, location.Kind);
        Assert.Equal(Path.GetFullPath("relative/backups"), location.LocalPath);
        Assert.Equal(Path.Combine(Path.GetFullPath("relative/backups"), "a", "b"), location.Describe("a/b"));
        Assert.IsType<LocalBackupStore>(BackupStoreFactory.Create("/var/backups"));
        Assert.Equal("s3://b-1/p/a/b", BackupStoreLocation.Parse("s3://b-1/p").Describe("a/b"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("s3://")]
    [InlineData("s3://Upper_Case/x")]
    [InlineData("s3://bucket/a/../b")]
    [InlineData("https://example.com/backups")]
    public void Unusable_locations_fail_with_invalid_location(string text)
    {
        var error = Assert.Throws<OpsException>(() => BackupStoreLocation.Parse(text));
        Assert.Equal(StorageErrorIds.InvalidLocation, error.ErrorId);
        Assert.Contains("s3://bucket/prefix", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void An_access_key_without_secret_is_rejected_before_any_request()
    {
        var error = Assert.Throws<ArgumentException>(() => new S3BackupStore("s3://bucket", new S3StoreOptions { AccessKey = "AKIA", ServiceUrl = new Uri("http://127.0.0.1:9") }));
        Assert.Contains("secret key", error.Message, StringComparison.Ordinal);
    }
}
