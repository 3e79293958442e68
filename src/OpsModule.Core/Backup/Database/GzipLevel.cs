using System.IO.Compression;

namespace OpsModule.Core.Backup.Database;

/// <summary>
/// gzip levels 0-9 onto what .NET 8's GZipStream offers (zlib levels 0, 1, 6, 9): 0 → 0, 1-3 → 1, 4-6 → 6, 7-9 → 9.
/// </summary>
internal static class GzipLevel
{
    public static void Validate(int level)
    {
        if (level is < 0 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "CompressionLevel is 0 (none) to 9 (smallest).");
        }
    }

    public static int Effective(int level) => level switch
    {
        0 => 0,
        <= 3 => 1,
        <= 6 => 6,
        _ => 9,
    };

    public static CompressionLevel ToDotNet(int level) => Effective(level) switch
    {
        0 => CompressionLevel.NoCompression,
        1 => CompressionLevel.Fastest,
        6 => CompressionLevel.Optimal,
        _ => CompressionLevel.SmallestSize,
    };
}
