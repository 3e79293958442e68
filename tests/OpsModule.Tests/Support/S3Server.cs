using OpsModule.Core.Storage.S3;

namespace OpsModule.Tests.Support;

/// <summary>
/// A real S3 protocol server for tests: s3rver (npm, installed by <c>npm ci --prefix tests/tools</c>) on 127.0.0.1 at a
/// free port, data in a temp dir, with the bucket <see cref="Bucket"/> created at start. Credentials are s3rver's fixed
/// test pair (S3RVER/S3RVER). Not installed → the test fails saying what to run; it never skips.
/// <para>
/// Shared: <c>[Collection(S3Server.CollectionName)]</c> plus a constructor parameter <c>S3Server s3</c>; give each test its own
/// prefix (<see cref="NewLocation"/>). Dedicated: <c>await using var s3 = await S3Server.StartAsync();</c>.
/// </para>
/// <para>
/// s3rver 3.7.1 implements neither ListMultipartUploads (GET ?uploads → 501) nor AbortMultipartUpload (DELETE ?uploadId → 405);
/// unfinished uploads stay in <see cref="PendingUploadCount"/>'s folder.
/// </para>
/// </summary>
public sealed partial class S3Server : IAsyncDisposable
{
    public const string CollectionName = "S3 server";
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private NodeServerProcess? _server;
    private readonly IReadOnlyList<string> _extraBuckets = [];

    private S3Server(IReadOnlyList<string> extraBuckets) => _extraBuckets = extraBuckets;

    public string Bucket { get; } = "opsmodule-test";

    public int Port => _server?.Port ?? throw new InvalidOperationException("s3rver is not started.");

    public Uri ServiceUrl => new($"http://127.0.0.1:{Port}");

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("opsmodule-s3-").FullName;

    /// <summary>Starts a dedicated server; <paramref name="extraBuckets"/> are created beside <see cref="Bucket"/>.</summary>
    public static async Task<S3Server> StartAsync(params IReadOnlyList<string> extraBuckets)
    {
        var server = new S3Server(extraBuckets);
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

    /// <summary>Options that reach this server with its credentials.</summary>
    public S3StoreOptions Options(int partSize = S3StoreOptions.MinimumPartSize) => new()
    {
        ServiceUrl = ServiceUrl,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        PartSize = partSize,
    };

    /// <summary>A fresh s3://bucket/prefix for one test.</summary>
    public string NewLocation() => $"s3://{Bucket}/t-{Guid.NewGuid():N}";

    /// <summary>Multipart uploads started and neither completed nor aborted, as s3rver keeps them on disk.</summary>
    public int PendingUploadCount()
    {
        var uploads = Path.Combine(DataDirectory, Bucket, "._S3rver_uploads");
        return Directory.Exists(uploads) ? Directory.GetDirectories(uploads).Length : 0;
    }

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
        var script = await NpmTestTools.ScriptAsync(Path.Combine("s3rver", "bin", "s3rver.js"), "s3rver");
        _server = await NodeServerProcess.StartAsync("s3rver", port => Arguments(script, port), port => new Uri($"http://127.0.0.1:{port}"));
    }

    private IEnumerable<string> Arguments(string script, int port)
    {
        // s3rver builds continuation tokens with a cipher OpenSSL 3 only has in its legacy provider; without it, any
        // truncated listing (more than max-keys) answers 500.
        string[] arguments = ["--openssl-legacy-provider", script, "--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--directory", DataDirectory, "--configure-bucket", Bucket, "--silent"];
        return arguments.Concat(_extraBuckets.SelectMany(bucket => new[] { "--configure-bucket", bucket }));
    }
}
