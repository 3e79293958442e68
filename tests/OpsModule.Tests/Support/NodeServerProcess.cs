using System.Diagnostics;
using System.Text;

namespace OpsModule.Tests.Support;

/// <summary>
/// A test server from tests/tools run by node on 127.0.0.1 at a free port (s3rver, azurite): started until it answers HTTP (another
/// port when the first was taken meanwhile), its output kept for the failure message, stopped with its process tree, also when the
/// test process exits.
/// </summary>
public sealed class NodeServerProcess : IDisposable
{
    private const int Attempts = 3;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private NodeServerProcess(int port) => Port = port;

    public int Port { get; }

    /// <param name="tool">The server's name in messages.</param>
    /// <param name="arguments">node's arguments for a port.</param>
    /// <param name="probe">The URL that answers (any HTTP status) once the server serves, for a port.</param>
    /// <param name="environment">Extra environment variables of the server.</param>
    public static async Task<NodeServerProcess> StartAsync(
        string tool, Func<int, IEnumerable<string>> arguments, Func<int, Uri> probe, IReadOnlyDictionary<string, string>? environment = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new NodeServerProcess(NpmTestTools.FreePort());
            server.Start(tool, arguments(server.Port), environment);
            if (await server.WaitUntilAnsweringAsync(probe(server.Port)))
            {
                return server;
            }

            server.Dispose();
            if (attempt >= Attempts || !server.Output().Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{tool} did not start on 127.0.0.1:{server.Port}:\n{server.Output()}");
            }
        }
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }

    private void Start(string tool, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"node is not installed; the tests run {tool} with it. Install Node.js 18+ and run: npm ci --prefix tests/tools", e);
        }

        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private async Task<bool> WaitUntilAnsweringAsync(Uri probe)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                return false;
            }

            try
            {
                // Any HTTP answer (403 or 400 to an unsigned request) means it is serving.
                using var response = await http.GetAsync(probe);
                return true;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();
}
