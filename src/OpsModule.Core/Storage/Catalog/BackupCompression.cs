
namespace OpsModule.Core.Storage.Catalog;

/// <summary>How the dump file is compressed.</summary>
/// <param name="Algorithm">"gzip" (the only one written today) or "none".</param>
/// <param name="Level">gzip level 0-9 as given to the compressor.</param>
public sealed record BackupCompression(string Algorithm, int Level)
{
    public static BackupCompression Gzip(int level) => new("gzip", level);
}
