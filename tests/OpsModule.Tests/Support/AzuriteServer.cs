using System.Security.Cryptography;
using Azure.Storage;
using Azure.Storage.Blobs;
using OpsModule.Core.Storage.AzureBlob;

namespace OpsModule.Tests.Support;

/// <summary>
/// A real Azure Blob Storage server for tests: Azurite's blob service (npm, installed by <c>npm ci --prefix tests/tools</c>) on
/// 127.0.0.1 at a free port, data in a temp dir, with the container <see cref="Container"/> created at start. Its one account,
/// <see cref="AccountName"/>, gets a random key made at start (Azurite's AZURITE_ACCOUNTS), so no key is written anywhere.
/// Not installed → the test fails saying what to run; it never skips.
/// <para>
/// Shared: <c>[Collection(AzuriteServer.CollectionName)]</c> plus a constructor parameter <c>AzuriteServer azure</c>; give each test
/// its own prefix (<see cref="NewLocation"/>). Dedicated: <c>await using var azure = await AzuriteServer.StartAsync();</c>.
/// </para>
/// </summary>
public sealed partial class AzuriteServer : IAsyncDisposable
{
    public const string CollectionName = "Azurite";
    public const string AccountName = "opsazurite";

    private readonly IReadOnlyList<string> _extraContainers = [];
    private NodeServerProcess? _server;

    private AzuriteServer(IReadOnlyList<string> extraContainers) => _extraContainers = extraContainers;

    public string Container { get; } = "opsmodule-test";

    /// <summary>The account's key, random per server.</summary>
    public string AccountKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));

    public int Port => _server?.Port ?? throw new InvalidOperationException("azurite is not started.");

    /// <summary>The blob service endpoint, path-style as Azurite serves it: http://127.0.0.1:port/account.</summary>
    public Uri ServiceUrl => new($"http://127.0.0.1:{Port}/{AccountName}");

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("opsmodule-azurite-").FullName;

    public static async Task<AzuriteServer> StartAsync(params IReadOnlyList<string> extraContainers)
    {
        var server = new AzuriteServer(extraContainers);
        try
        {
            await server.StartCoreAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Options that reach this server with its account key; failed requests are retried once, quickly.</summary>
    public AzureBlobStoreOptions Options(int blockSize = 1024 * 1024) => new()
    {
        ServiceUrl = ServiceUrl,
        AccountName = AccountName,
        AccountKey = AccountKey,
        BlockSize = blockSize,
        MaxRetries = 1,
        RetryDelay = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>A fresh azblob://account/container/prefix for one test.</summary>
    public string NewLocation() => $"azblob://{AccountName}/{Container}/t-{Guid.NewGuid():N}";

    /// <summary>A client of the container that does not go through the store: to look at what is really there.</summary>
    public BlobContainerClient ContainerClient(string? container = null) =>
        new(new Uri($"{ServiceUrl}/{container ?? Container}"), new StorageSharedKeyCredential(AccountName, AccountKey));

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private async Task StartCoreAsync()
    {
        var script = await NpmTestTools.ScriptAsync(Path.Combine("azurite", "dist", "src", "blob", "main.js"), "azurite");
        // The SDK speaks a newer service version than Azurite knows; --loose accepts headers Azurite does not implement.
        _server = await NodeServerProcess.StartAsync(
            "azurite",
            port => [script, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--location", DataDirectory,
                "--skipApiVersionCheck", "--loose", "--silent"],
            port => new Uri($"http://127.0.0.1:{port}/{AccountName}"),
            new Dictionary<string, string> { ["AZURITE_ACCOUNTS"] = $"{AccountName}:{AccountKey}" });
        foreach (var container in _extraContainers.Prepend(Container))
        {
            await ContainerClient(container).CreateIfNotExistsAsync();
        }
    }
}
