using System.Diagnostics;
using System.Runtime.CompilerServices;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Build;

/// <summary>
/// Directory.Build.props gives src/ projects net8.0 (what PowerShell 7.4 runs) and tests/ projects net10.0 by their path inside the
/// repository: a checkout that itself lies under a folder named tests or src must build the module for net8.0 all the same.
/// </summary>
public sealed class TargetFrameworkTests
{
    [Theory]
    [InlineData("work/tests/checkout")]
    [InlineData("home/src/checkout")]
    public async Task A_checkout_under_a_folder_named_tests_or_src_keeps_each_layer_on_its_framework(string checkoutPath)
    {
        using var temp = new TempDirectory();
        var root = temp.File(checkoutPath);
        Directory.CreateDirectory(Path.Combine(root, "module", "OpsModule"));
        File.Copy(Path.Combine(RepositoryRoot(), "Directory.Build.props"), Path.Combine(root, "Directory.Build.props"));
        File.WriteAllText(Path.Combine(root, "module", "OpsModule", "OpsModule.psd1"), "@{ ModuleVersion = '1.2.3' }");
        const string project = """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>""";
        foreach (var layer in new[] { "src/Probe", "tests/Probe.Tests" })
        {
            Directory.CreateDirectory(Path.Combine(root, layer));
            File.WriteAllText(Path.Combine(root, layer, Path.GetFileName(layer) + ".csproj"), project);
        }

        Assert.Equal("net8.0", await TargetFrameworkOfAsync(Path.Combine(root, "src", "Probe")));
        Assert.Equal("net10.0", await TargetFrameworkOfAsync(Path.Combine(root, "tests", "Probe.Tests")));
    }

    private static async Task<string> TargetFrameworkOfAsync(string projectDirectory)
    {
        var start = new ProcessStartInfo("dotnet", ["msbuild", projectDirectory, "-getProperty:TargetFramework", "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, await stdout + await stderr);
        return (await stdout).Trim();
    }

    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpsModule.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OpsModule.sln not found above " + sourceFile);
    }
}
