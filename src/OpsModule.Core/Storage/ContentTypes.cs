namespace OpsModule.Core.Storage;

/// <summary>The Content-Type an object store records for a backup file, so a browser or console shows it sensibly.</summary>
internal static class ContentTypes
{
    public static string For(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".yaml" or ".yml" => "application/yaml",
        ".gz" => "application/gzip",
        ".sql" or ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
