using OpsModule.Core.Storage;
using OpsModule.Core.Storage.S3;

namespace OpsModule.Tests.Storage;

public sealed class S3SettingsTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Given_values_win_over_the_environment()
    {
        var resolved = S3Settings.Resolve(
            new S3StoreOptions { ServiceUrl = new Uri("http://minio:9000"), Region = "eu-west-1" },
            Environment(("AWS_ENDPOINT_URL_S3", "http://other:1"), ("AWS_REGION", "ap-south-1")));

        Assert.Equal((new Uri("http://minio:9000"), "eu-west-1"), (resolved.ServiceUrl, resolved.Region));
    }

    [Fact]
    public void The_endpoint_and_region_come_from_the_standard_AWS_variables()
    {
        var resolved = S3Settings.Resolve(new S3StoreOptions(), Environment(("AWS_ENDPOINT_URL", "http://127.0.0.1:4569"), ("AWS_DEFAULT_REGION", "eu-central-1")));

        Assert.Equal((new Uri("http://127.0.0.1:4569"), "eu-central-1"), (resolved.ServiceUrl, resolved.Region));
    }

    [Fact]
    public void The_S3_specific_endpoint_variable_wins_over_the_general_one()
    {
        var resolved = S3Settings.Resolve(new S3StoreOptions(), Environment(("AWS_ENDPOINT_URL", "http://general:1"), ("AWS_ENDPOINT_URL_S3", "http://s3:2")));

        Assert.Equal(new Uri("http://s3:2"), resolved.ServiceUrl);
    }

    [Fact]
    public void Without_any_region_it_is_us_east_1_as_the_AWS_CLI_does()
    {
        var resolved = S3Settings.Resolve(new S3StoreOptions(), Environment(("AWS_CONFIG_FILE", "/nonexistent/config"), ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")));

        Assert.Null(resolved.ServiceUrl);
        Assert.Equal(S3Settings.DefaultRegion, resolved.Region);
    }

    [Fact]
    public void Credentials_survive_the_resolution()
    {
        var resolved = S3Settings.Resolve(new S3StoreOptions { AccessKey = "AK", SecretKey = "SK", PartSize = S3StoreOptions.MinimumPartSize },
            Environment(("AWS_REGION", "eu-west-1")));

        Assert.Equal(("AK", "SK", S3StoreOptions.MinimumPartSize), (resolved.AccessKey, resolved.SecretKey, resolved.PartSize));
    }

    [Fact]
    public void A_store_opened_with_an_endpoint_carries_it_in_its_location_for_the_backups_it_lists()
    {
        var store = new S3BackupStore("s3://ops-backups/prod", new S3StoreOptions { ServiceUrl = new Uri("http://127.0.0.1:9"), Region = "eu-west-1", AccessKey = "a", SecretKey = "b" });

        Assert.Equal((new Uri("http://127.0.0.1:9"), "eu-west-1"), (store.Location.Endpoint, store.Location.Region));
    }
}
