using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace OpsModule.Tests.Support;

/// <summary>Settings of a test PostgreSQL server.</summary>
public sealed record PostgresServerOptions
{
    public int MaxConnections { get; init; } = 100;

    public string SharedBuffers { get; init; } = "32MB";

    /// <summary>Extra postgresql.conf settings (name → value, written verbatim, e.g. ["work_mem"] = "'16MB'").</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A real PostgreSQL server for tests: initdb into a temp dir, listening on 127.0.0.1 at a free port, scram password auth for
/// the superuser <c>postgres</c> with a generated password, fsync off. Run as the <c>postgres</c> OS user when the tests run as
/// root (PostgreSQL refuses root). Missing binaries fail the test with what to install; they never skip it.
/// <para>
/// Shared: <c>[Collection(PostgresServer.CollectionName)]</c> on a test class and a constructor parameter <c>PostgresServer server</c>
/// give one server per test run. Dedicated (own settings): <c>await using var server = await PostgresServer.StartAsync(options);</c>.
/// Each test makes its own database with <see cref="CreateDatabaseAsync"/>.
/// </para>
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    public const string CollectionName = "PostgreSQL server";

    private const string SuperUser = "postgres";
    private const string DirectoryPrefix = "opsmodule-pg-";
    private const string OwnerFile = "owner.pid";
    private static readonly Regex DatabaseName = new("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant);

    private readonly PostgresServerOptions _options;
    private readonly bool _asPostgresUser = Environment.IsPrivilegedProcess;
    private string? _root;
    private int _stopped;

    private PostgresServer(PostgresServerOptions options) => _options = options;

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    public string Username => SuperUser;

    /// <summary>The superuser's generated password. Never print it.</summary>
    public string Password { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(18));

    /// <summary>Where initdb, pg_ctl, psql, pg_dump and pg_restore of this server live.</summary>
    public string BinDirectory { get; } = PostgresBinaries.Find();

    /// <summary>The "15.18"-style version of the binaries, as <c>postgres --version</c> prints it.</summary>
    public string Version { get; private set; } = string.Empty;

    public string DataDirectory => Path.Combine(Root, "data");

    private string Root => _root ?? throw new InvalidOperationException("The PostgreSQL test server is not started.");

    public static async Task<PostgresServer> StartAsync(PostgresServerOptions? options = null)
    {
        var server = new PostgresServer(options ?? new PostgresServerOptions());
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

    /// <summary>Path of a client tool next to the server (psql, pg_dump, pg_restore …).</summary>
    public string Tool(string name) => Path.Combine(BinDirectory, name);

    /// <summary>
    /// Superuser connection string for <paramref name="database"/>. Pooling is off so that finished tests hold no connection slot
    /// and never block DROP DATABASE; turn it on where a test wants a pool.
    /// </summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = database,
        Username = SuperUser,
        Password = Password,
        Pooling = false,
        Timeout = 5,
    }.ConnectionString;

    /// <summary>Environment for psql / pg_dump processes (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).</summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment(string database = "postgres") => new Dictionary<string, string>
    {
        ["PGHOST"] = Host,
        ["PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PGUSER"] = SuperUser,
        ["PGPASSWORD"] = Password,
        ["PGDATABASE"] = database,
    };

    /// <summary>Creates an empty database (name: letters, digits, underscores) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await AdminAsync($"CREATE DATABASE \"{CheckName(name)}\"", cancellationToken);
        return ConnectionString(name);
    }

    public Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default) =>
        AdminAsync($"DROP DATABASE IF EXISTS \"{CheckName(name)}\" WITH (FORCE)", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await Task.Run(Stop);
    }

    private async Task StartCoreAsync()
    {
        await StopLeftoversAsync();
        _root = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        await File.WriteAllTextAsync(Path.Combine(_root, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        Directory.CreateDirectory(Path.Combine(Root, "sock"));
        var passwordFile = Path.Combine(Root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        if (_asPostgresUser)
        {
            await RunAsync("chown", ["-R", $"{SuperUser}:{SuperUser}", Root], asServerUser: false);
        }

        Version = (await RunAsync(Tool("postgres"), ["--version"], asServerUser: true)).Trim();
        await RunAsync(Tool("initdb"),
            ["-D", DataDirectory, "-U", SuperUser, $"--pwfile={passwordFile}", "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"],
            asServerUser: true);
        File.Delete(passwordFile);
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), "\ninclude 'opsmodule.conf'\n");

        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            await WriteSettingsAsync();
            try
            {
                await RunAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-l", Path.Combine(Root, "server.log"), "-w", "-t", "30", "start"], asServerUser: true);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && ServerLog().Contains("could not bind", StringComparison.Ordinal))
            {
                // Another process took the port between probing and binding: try another.
            }
        }
    }

    /// <summary>A test run that was killed leaves its server running; stop those whose owning process is gone.</summary>
    private async Task StopLeftoversAsync()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            if (OwnerOf(directory) is not { } pid || IsAlive(pid))
            {
                continue;
            }

            var data = Path.Combine(directory, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                await RunAsync(Tool("pg_ctl"), ["-D", data, "-m", "immediate", "-w", "-t", "10", "stop"], asServerUser: true, check: false);
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Someone else's leftover: not ours to remove.
            }
        }
    }

    private static int? OwnerOf(string directory)
    {
        try
        {
            var owner = Path.Combine(directory, OwnerFile);
            return File.Exists(owner) && int.TryParse(File.ReadAllText(owner), out var pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private async Task WriteSettingsAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["listen_addresses"] = "'127.0.0.1'",
            ["port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["unix_socket_directories"] = $"'{Path.Combine(Root, "sock")}'",
            ["max_connections"] = _options.MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["shared_buffers"] = $"'{_options.SharedBuffers}'",
            ["fsync"] = "off",
            ["synchronous_commit"] = "off",
            ["full_page_writes"] = "off",
            ["password_encryption"] = "'scram-sha-256'",
        };
        foreach (var (key, value) in _options.Settings)
        {
            settings[key] = value;
        }

        var file = Path.Combine(DataDirectory, "opsmodule.conf");
        await File.WriteAllLinesAsync(file, settings.Select(s => $"{s.Key} = {s.Value}"));
        if (_asPostgresUser)
        {
            await RunAsync("chown", [$"{SuperUser}:{SuperUser}", file], asServerUser: false);
        }
    }

    private async Task AdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    private void Stop()
    {
        if (_root is null || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                RunAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "10", "stop"], asServerUser: true).GetAwaiter().GetResult();
            }
            catch (InvalidOperationException)
            {
                RunAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "10", "stop"], asServerUser: true, check: false).GetAwaiter().GetResult();
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in the temp dir are harmless; the server itself is stopped.
        }
    }

    private string ServerLog()
    {
        var log = Path.Combine(Root, "server.log");
        return File.Exists(log) ? File.ReadAllText(log) : string.Empty;
    }

    private async Task<string> RunAsync(string file, IReadOnlyList<string> arguments, bool asServerUser, bool check = true)
    {
        var start = new ProcessStartInfo
        {
            FileName = asServerUser && _asPostgresUser ? "runuser" : file,
            WorkingDirectory = _root ?? Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServerUser && _asPostgresUser)
        {
            foreach (var prefix in new[] { "-u", SuperUser, "--", file })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await error;
        if (check && process.ExitCode != 0)
        {
            var log = ServerLogTail();
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', arguments.Where(a => !a.StartsWith("--pwfile", StringComparison.Ordinal)))} "
                + $"exited with {process.ExitCode}{(asServerUser && _asPostgresUser ? " (run as the postgres OS user)" : string.Empty)}:\n{text}{log}");
        }

        return text;
    }

    private string ServerLogTail()
    {
        var log = _root is null ? string.Empty : ServerLog();
        if (log.Length == 0)
        {
            return string.Empty;
        }

        var lines = log.Split('\n');
        return "\nserver.log:\n" + string.Join('\n', lines.TakeLast(20));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string CheckName(string name) => DatabaseName.IsMatch(name)
        ? name
        : throw new ArgumentException($"Test database names are letters, digits and underscores (got '{name}').", nameof(name));

    /// <summary>Finds the server binaries: OPSMODULE_PG_BINDIR, pg_config --bindir, then the usual install folders.</summary>
    private static class PostgresBinaries
    {
        public static string Find()
        {
            var candidates = new List<string>();
            if (Environment.GetEnvironmentVariable("OPSMODULE_PG_BINDIR") is { Length: > 0 } overridden)
            {
                return HasServer(overridden)
                    ? overridden
                    : throw new InvalidOperationException($"OPSMODULE_PG_BINDIR is '{overridden}', but it holds no initdb and pg_ctl. Point it at PostgreSQL's bin folder or unset it.");
            }

            if (PgConfigBinDir() is { } fromPgConfig)
            {
                candidates.Add(fromPgConfig);
            }

            candidates.AddRange(VersionedDirs("/usr/lib/postgresql", d => Path.Combine(d, "bin")));
            candidates.AddRange(VersionedDirs("/usr", d => Path.Combine(d, "bin"), "pgsql-*"));
            candidates.Add("/usr/local/pgsql/bin");

            var found = candidates.FirstOrDefault(HasServer);
            if (found is not null)
            {
                return found;
            }

            var message = new StringBuilder("PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found; the database tests need a real server. ");
            message.Append("Install them: apt-get install -y postgresql (Debian/Ubuntu; dnf install postgresql-server on Fedora/RHEL), ");
            message.Append("or point OPSMODULE_PG_BINDIR at the folder holding initdb. Looked in: ").Append(string.Join(", ", candidates)).Append('.');
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                message.Insert(0, "CI=true: the CI image lacks PostgreSQL. ");
            }

            throw new InvalidOperationException(message.ToString());
        }

        private static bool HasServer(string directory) =>
            File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

        private static IEnumerable<string> VersionedDirs(string parent, Func<string, string> bin, string pattern = "*") =>
            Directory.Exists(parent)
                ? Directory.GetDirectories(parent, pattern)
                    .OrderByDescending(d => int.TryParse(Regex.Match(Path.GetFileName(d), @"\d+").Value, out var v) ? v : 0)
                    .Select(bin)
                : [];

        private static string? PgConfigBinDir()
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                });
                if (process is null)
                {
                    return null;
                }

                var output = process.StandardOutput.ReadToEnd().Trim();
                process.WaitForExit();
                return process.ExitCode == 0 && output.Length > 0 ? output : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null; // pg_config is not on PATH
            }
        }
    }
}
