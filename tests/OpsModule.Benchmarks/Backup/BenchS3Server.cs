using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.S3;

namespace OpsModule.Benchmarks.Backup;

/// <summary>
/// s3rver (npm, tests/tools, as the tests start it) on 127.0.0.1 at a free port with the bucket <see cref="Bucket"/>, plus an
/// s3cmd config file that reaches it (path style, plain http, signature v4, s3rver's fixed S3RVER/S3RVER pair).
/// </summary>
internal sealed class BenchS3Server : IAsyncDisposable
{
    public const string Bucket = "bench";
    private const string Key = "S3RVER"; // s3rver's built-in test credentials, not a secret
    private readonly string _root = Directory.CreateTempSubdirectory("opsmodule-bench-s3-").FullName;
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>The generated s3cmd configuration (<c>s3cmd -c &lt;file&gt;</c>).</summary>
    public string S3cmdConfig => Path.Combine(_root, "s3cmd.cfg");

    public S3StoreOptions StoreOptions => new()
    {
        ServiceUrl = new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}"),
        AccessKey = Key,
        SecretKey = Key,
        ForcePathStyle = true,
    };

    public static async Task<BenchS3Server> StartAsync()
    {
        var server = new BenchS3Server();
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

    /// <summary>Where s3cmd is, or null (then the S3 rows are skipped and the report says how to install it).</summary>
    public static string? FindS3cmd() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "s3cmd")).FirstOrDefault(File.Exists);

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    private async Task StartCoreAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "tools", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"s3rver is not installed ({script} is missing). Run: npm ci --prefix tests/tools (from the repository root).");
        }

        Port = FreePort();
        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, "--address", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--directory", data, "--configure-bucket", Bucket, "--silent" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node (Node.js 18+ runs s3rver).");
        _ = _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _ = _process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        await File.WriteAllTextAsync(S3cmdConfig, string.Join('\n',
            "[default]",
            $"access_key = {Key}",
            $"secret_key = {Key}",
            $"host_base = 127.0.0.1:{Port}",
            $"host_bucket = 127.0.0.1:{Port}",
            "bucket_location = us-east-1",
            "use_https = False",
            "signature_v2 = False",
            "check_ssl_certificate = False",
            string.Empty));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync(StoreOptions.ServiceUrl); // any answer (403 unsigned) means it serves
                return;
            }
            catch (HttpRequestException)
            {
            }
        }

        throw new InvalidOperationException($"s3rver did not start on 127.0.0.1:{Port}.");
    }

    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? string.Empty })
        {
            for (var dir = start.Length == 0 ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OpsModule.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("OpsModule.sln was not found; run the benchmark from the repository.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
