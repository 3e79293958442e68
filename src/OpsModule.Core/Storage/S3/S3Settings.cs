using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace OpsModule.Core.Storage.S3;

/// <summary>
/// Fills in what the caller left out of <see cref="S3StoreOptions"/> the way the AWS CLI does, so a store always has an endpoint
/// decision and a region: the endpoint from AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL (the SDKs' standard variables), the region
/// from AWS_REGION / AWS_DEFAULT_REGION or the shared profile, else us-east-1. Credentials stay with the AWS chain when not given.
/// </summary>
public static class S3Settings
{
    public const string DefaultRegion = "us-east-1";

    public static S3StoreOptions Resolve(S3StoreOptions options, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        environment ??= Environment.GetEnvironmentVariable;
        var endpoint = options.ServiceUrl ?? EndpointFromEnvironment(environment);
        var region = string.IsNullOrWhiteSpace(options.Region) ? RegionFromChain(environment) ?? DefaultRegion : options.Region.Trim();
        return options.ServiceUrl == endpoint && options.Region == region ? options : options.With(endpoint, region);
    }

    private static Uri? EndpointFromEnvironment(Func<string, string?> environment)
    {
        foreach (var name in new[] { "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL" })
        {
            if (environment(name) is { Length: > 0 } value)
            {
                return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
                    ? uri
                    : throw new ArgumentException($"The environment variable {name} ('{value}') is not an absolute http:// or https:// URL.");
            }
        }

        return null;
    }

    private static string? RegionFromChain(Func<string, string?> environment)
    {
        foreach (var name in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            if (environment(name) is { Length: > 0 } value)
            {
                return value.Trim();
            }
        }

        // The shared config profile. Not the SDK's full fallback chain: its last step asks the EC2 instance metadata service,
        // which stalls for seconds on every machine that is not an EC2 instance.
        try
        {
            var profile = environment("AWS_PROFILE") is { Length: > 0 } name ? name : "default";
            return new CredentialProfileStoreChain().TryGetProfile(profile, out var found) ? found.Region?.SystemName : null;
        }
        catch (Exception e) when (e is AmazonClientException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
