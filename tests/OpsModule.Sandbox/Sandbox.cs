using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OpsModule.TestCluster;
using OpsModule.Tests.Support;
using Cluster = OpsModule.TestCluster.TestCluster;

namespace OpsModule.Sandbox;

/// <summary>The running sandbox: PostgreSQL, s3rver and Azurite when asked for, the seeded test cluster, and the files describing them.</summary>
internal sealed class Sandbox : IAsyncDisposable
{
    /// <summary>Buckets of s3rver: the README's s3://ops-backups/prod and the docs' s3://backups/k8s.</summary>
    public static readonly IReadOnlyList<string> Buckets = ["ops-backups", "backups"];

    /// <summary>Containers of Azurite: the docs' azblob://opsbackups/nightly/prod and azblob://opsbackups/ops-backups.</summary>
    public static readonly IReadOnlyList<string> Containers = ["ops-backups", "nightly"];

    private readonly SandboxOptions _options;
    private readonly TextWriter _log;
    private readonly bool _folderCreatedHere;
    private readonly SandboxFiles _files;
    private SandboxTls? _tls;
    private PostgresServer? _postgres;
    private S3Server? _s3;
    private AzuriteServer? _azurite;
    private Cluster? _cluster;

    private Sandbox(SandboxOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
        _folderCreatedHere = !Directory.Exists(options.Directory);
        Directory.CreateDirectory(options.Directory);
        _files = new SandboxFiles(options.Directory);
    }

    public string EnvironmentPath => _files.EnvironmentPath;

    /// <summary>Starts everything; a server that cannot start throws <see cref="SandboxStartException"/> after the others are stopped.</summary>
    public static async Task<Sandbox> StartAsync(SandboxOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var sandbox = new Sandbox(options, log);
        try
        {
            await sandbox.StartCoreAsync(cancellationToken);
            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_options.Postgres)
        {
            _log.WriteLine("sandbox: starting PostgreSQL");
            _tls = SandboxTls.Create();
            _postgres = await Start("PostgreSQL", () => PostgresServer.StartAsync(new PostgresServerOptions { Settings = _tls.Settings }));
            await Start("PostgreSQL", async () =>
            {
                await SandboxDatabases.CreateAsync(_postgres, cancellationToken);
                return _postgres;
            });
        }

        if (_options.S3)
        {
            _log.WriteLine("sandbox: starting s3rver");
            _s3 = await Start("s3rver", () => S3Server.StartAsync(Buckets));
        }

        if (_options.Azurite)
        {
            _log.WriteLine("sandbox: starting azurite");
            _azurite = await Start("azurite", () => AzuriteServer.StartAsync(Containers));
        }

        _log.WriteLine("sandbox: starting the test cluster");
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        _cluster = await Cluster.StartAsync(new TestClusterOptions { Https = true, RequiredToken = token }, cancellationToken);
        SandboxApps.Seed(_cluster, _postgres);
        await _cluster.WaitUntilAsync(Settled, TimeSpan.FromSeconds(60), "the seeded workloads to settle");
        _files.Write(_cluster, token, _postgres, _s3, Buckets, _azurite, Containers);
    }

    /// <summary>Every workload is rolled out, except the crash-looping ai-code-reviewer, whose pods show CrashLoopBackOff.</summary>
    private static bool Settled(Cluster cluster) =>
        SandboxApps.Namespaces.All(ns =>
            cluster.List("apps/v1", "Deployment", ns).Concat(cluster.List("apps/v1", "StatefulSet", ns))
                .Where(w => w["metadata"]?["name"]?.GetValue<string>() != "ai-code-reviewer")
                .All(w => Number(w["status"]?["readyReplicas"]) == Number(w["spec"]?["replicas"])))
        && cluster.ListPods("test", "app=ai-code-reviewer").Any(p => p["status"]?.ToJsonString().Contains("CrashLoopBackOff", StringComparison.Ordinal) == true);

    private static int Number(JsonNode? node) => node?.GetValue<int>() ?? 0;

    private static async Task<T> Start<T>(string what, Func<Task<T>> start)
    {
        try
        {
            return await start();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Npgsql.NpgsqlException or TimeoutException)
        {
            throw new SandboxStartException($"{what} could not start: {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_s3 is not null)
        {
            await _s3.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _tls?.Dispose();

        _files.Delete(_folderCreatedHere);
    }
}

internal sealed class SandboxStartException(string message, Exception inner) : Exception(message, inner);
