using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace OpsModule.Benchmarks.Backup;

/// <summary>
/// A throwaway PostgreSQL 15 for the benchmark: initdb in a temp dir, 127.0.0.1 on a free port, scram password, fsync off.
/// As root, the server tools run as the postgres OS user (PostgreSQL refuses root).
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private readonly bool _asPostgresUser = Environment.IsPrivilegedProcess;
    private readonly string _root;

    private BenchPostgres(string binDirectory)
    {
        BinDirectory = binDirectory;
        _root = Directory.CreateTempSubdirectory("opsmodule-bench-pg-").FullName;
    }

    public string BinDirectory { get; }

    public int Port { get; private set; }

    /// <summary>Generated; never printed.</summary>
    public string Password { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(18));

    private string DataDirectory => Path.Combine(_root, "data");

    public static async Task<BenchPostgres> StartAsync(string binDirectory)
    {
        var server = new BenchPostgres(binDirectory);
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

    public string Tool(string name) => Path.Combine(BinDirectory, name);

    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = SuperUser,
        Password = Password,
        Pooling = false,
        Timeout = 15,
        CommandTimeout = 0,
    }.ConnectionString;

    /// <summary>PGHOST/PGPORT/PGUSER/PGPASSWORD for client tools started by the benchmark.</summary>
    public void AddClientEnvironment(ProcessStartInfo start)
    {
        start.Environment["PGHOST"] = "127.0.0.1";
        start.Environment["PGPORT"] = Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = SuperUser;
        start.Environment["PGPASSWORD"] = Password;
    }

    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> ScalarAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary><c>pgbench -i -s scale</c> into a new database, analysed; returns the database's size in bytes.</summary>
    public async Task<long> CreatePgbenchDatabaseAsync(string database, int scale, TextWriter log)
    {
        log.WriteLine($"[scale {scale}] pgbench -i -s {scale} …");
        await ExecuteAsync($"CREATE DATABASE {database}");
        await ProcessRunner.RunAsync(Tool("pgbench"), ["-i", "-q", "-s", scale.ToString(CultureInfo.InvariantCulture), database], configure: AddClientEnvironment);
        await ExecuteAsync("VACUUM ANALYZE", database);
        var bytes = await ScalarAsync($"SELECT pg_database_size('{database}')");
        log.WriteLine($"[scale {scale}] database {bytes / 1e6:F0} MB");
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunServerToolAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"], check: false);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private async Task StartCoreAsync()
    {
        var passwordFile = Path.Combine(_root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        Directory.CreateDirectory(Path.Combine(_root, "sock"));
        if (_asPostgresUser)
        {
            await ProcessRunner.RunAsync("chown", ["-R", $"{SuperUser}:{SuperUser}", _root]);
        }

        await RunServerToolAsync(Tool("initdb"),
            ["-D", DataDirectory, "-U", SuperUser, $"--pwfile={passwordFile}", "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"]);
        File.Delete(passwordFile);
        Port = FreePort();
        var settings = new[]
        {
            "listen_addresses = '127.0.0.1'",
            $"port = {Port.ToString(CultureInfo.InvariantCulture)}",
            $"unix_socket_directories = '{Path.Combine(_root, "sock")}'",
            "shared_buffers = '128MB'",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "max_wal_size = '2GB'",
        };
        await File.AppendAllLinesAsync(Path.Combine(DataDirectory, "postgresql.conf"), settings);
        await RunServerToolAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start"]);
    }

    private Task RunServerToolAsync(string tool, IReadOnlyList<string> arguments, bool check = true) => _asPostgresUser
        ? ProcessRunner.RunAsync("runuser", ["-u", SuperUser, "--", tool, .. arguments], check: check, workingDirectory: _root)
        : ProcessRunner.RunAsync(tool, arguments, check: check, workingDirectory: _root);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
