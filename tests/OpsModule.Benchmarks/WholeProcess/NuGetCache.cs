namespace OpsModule.Benchmarks.WholeProcess;

/// <summary>The NuGet global packages folder, where <c>dotnet tool restore</c> puts pwsh and a ReadyToRun publish puts crossgen2.</summary>
internal static class NuGetCache
{
    public static string Root =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
