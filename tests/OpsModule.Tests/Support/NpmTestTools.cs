using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace OpsModule.Tests.Support;

/// <summary>
/// The npm test servers of tests/tools (s3rver, azurite): where they are, installing them once from the lock file when a fresh
/// checkout lacks them, and free ports to start them on. A missing tool fails the test that needs it; it never skips.
/// </summary>
public static class NpmTestTools
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    public static string Folder => Path.Combine(RepositoryRoot(), "tests", "tools");

    /// <summary>The path of <paramref name="relativeScript"/> under tests/tools/node_modules, after <c>npm ci</c> if it is missing.</summary>
    public static async Task<string> ScriptAsync(string relativeScript, string tool)
    {
        var script = Path.Combine(Folder, "node_modules", relativeScript);
        await InstallOnceAsync(script, tool);
        return File.Exists(script)
            ? script
            : throw new InvalidOperationException($"{tool} is not installed ({script} is missing); the tests need it. Run: npm ci --prefix tests/tools (from the repository root).");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Walks up to OpsModule.sln from the test binaries, else from this source file (builds with --artifacts-path live outside the repo).</summary>
    public static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? string.Empty })
        {
            for (var dir = start.Length == 0 ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OpsModule.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"OpsModule.sln was not found above {AppContext.BaseDirectory} or {sourceFile}; run the tests from the repository.");
    }

    /// <summary>A fresh checkout has no node_modules: install the pinned test tools once, so the README's test command works as it is.</summary>
    private static async Task InstallOnceAsync(string script, string tool)
    {
        await Install.WaitAsync();
        try
        {
            if (File.Exists(script))
            {
                return;
            }

            var npm = new ProcessStartInfo("npm", ["ci", "--prefix", Folder, "--no-audit", "--no-fund", "--loglevel=error"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            try
            {
                using var process = Process.Start(npm)!;
                var output = process.StandardError.ReadToEndAsync();
                await process.StandardOutput.ReadToEndAsync();
                await process.WaitForExitAsync();
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci --prefix tests/tools failed ({process.ExitCode}): {await output}");
                }
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException($"npm is not installed; the {tool} tests need Node.js 18+ and: npm ci --prefix tests/tools", e);
            }
        }
        finally
        {
            Install.Release();
        }
    }
}
