
namespace OpsModule.Core.Storage.AzureBlob;

/// <summary>
/// Azure Blob Storage: <c>azblob://account/container/prefix</c>, <c>https://account.blob.core.windows.net/container/prefix</c>
/// (any cloud's <c>*.blob.*</c> host), and URLs under -StorageEndpoint (Azurite: <c>http://127.0.0.1:10000/devstoreaccount1/container/prefix</c>).
/// </summary>
public sealed class AzureBlobStoreProvider : IBackupStoreProvider
{
    public const string KindName = "AzureBlob";
    public const string Scheme = "azblob://";

    public string Kind => KindName;

    public BackupStoreLocation? TryParse(string location, Uri? endpoint)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var rest = location[Scheme.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            return Build(location, slash < 0 ? rest : rest[..slash], slash < 0 ? string.Empty : rest[(slash + 1)..], serviceEndpoint: null);
        }

        if (endpoint is not null && UnderEndpoint(location, endpoint) is { } pathUnderEndpoint)
        {
            return Build(location, AccountOfEndpoint(endpoint), pathUnderEndpoint, serviceEndpoint: null);
        }

        if (Uri.TryCreate(location, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps && url.Host.Contains(".blob.", StringComparison.OrdinalIgnoreCase))
        {
            var account = url.Host[..url.Host.IndexOf('.', StringComparison.Ordinal)];
            var isPublicCloud = url.Host.EndsWith(".blob.core.windows.net", StringComparison.OrdinalIgnoreCase) && url.IsDefaultPort;
            return Build(location, account, Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')), isPublicCloud ? null : new Uri($"https://{url.Authority}"));
        }

        return null;
    }

    public IBackupStore Open(BackupStoreLocation location, BackupStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new AzureBlobStore(location, AzureBlobStoreOptions.From(settings));
    }

    /// <summary>The storage account of an Azure Blob location.</summary>
    public static string AccountOf(BackupStoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var rest = location.Root[Scheme.Length..];
        return rest[..rest.IndexOf('/', StringComparison.Ordinal)];
    }

    /// <summary>The account an endpoint serves: Azurite's path-style first segment, else the host's first label.</summary>
    private static string AccountOfEndpoint(Uri endpoint)
    {
        var firstSegment = endpoint.AbsolutePath.Trim('/').Split('/')[0];
        return firstSegment.Length > 0 ? firstSegment : endpoint.Host.Split('.')[0];
    }

    private static string? UnderEndpoint(string location, Uri endpoint)
    {
        var root = endpoint.ToString().TrimEnd('/') + "/";
        return location.StartsWith(root, StringComparison.OrdinalIgnoreCase) ? location[root.Length..] : null;
    }

    private static BackupStoreLocation Build(string location, string account, string containerAndPrefix, Uri? serviceEndpoint)
    {
        var slash = containerAndPrefix.IndexOf('/', StringComparison.Ordinal);
        var container = slash < 0 ? containerAndPrefix : containerAndPrefix[..slash];
        var prefix = slash < 0 ? string.Empty : containerAndPrefix[(slash + 1)..].Trim('/');
        if (!IsValidAccountName(account))
        {
            throw BackupStoreLocation.Invalid(location, $"'{account}' in '{location}' is not a valid Azure storage account name (3-24 lowercase letters and digits).");
        }

        if (!IsValidContainerName(container))
        {
            throw BackupStoreLocation.Invalid(location,
                $"'{container}' in '{location}' is not a valid Azure blob container name (3-63 characters: lowercase letters, digits, single '-'); write azblob://account/container/prefix.");
        }

        if (prefix.Length > 0 && prefix.Split('/').Any(s => s.Length == 0 || s is "." or ".."))
        {
            throw BackupStoreLocation.Invalid(location, $"The blob prefix in '{location}' must not contain empty, '.' or '..' segments.");
        }

        return new BackupStoreLocation(KindName, $"{Scheme}{account}/{container}", prefix, container) { Endpoint = serviceEndpoint };
    }

    private static bool IsValidAccountName(string account) =>
        account.Length is >= 3 and <= 24 && account.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));

    private static bool IsValidContainerName(string container) =>
        container.Length is >= 3 and <= 63
        && container.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && char.IsAsciiLetterOrDigit(container[0])
        && char.IsAsciiLetterOrDigit(container[^1])
        && !container.Contains("--", StringComparison.Ordinal);
}
