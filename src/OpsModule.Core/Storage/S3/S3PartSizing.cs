
namespace OpsModule.Core.Storage.S3;

/// <summary>
/// Part sizes of a multipart upload. S3 allows 10000 parts; the size doubles every 1000 parts, so a stream of
/// unknown length fits (8 MiB base: 8 GB in the first 1000 parts, about 8 TB over all 10000) while small dumps keep small parts.
/// </summary>
internal static class S3PartSizing
{
    public const int MaxParts = 10_000;
    public const int PartsPerStep = 1_000;
    private const long MaxPartSize = 5L * 1024 * 1024 * 1024;

    /// <summary>Size of part <paramref name="partNumber"/> (1-based).</summary>
    public static int PartSize(int partNumber, int basePartSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        var step = Math.Min((partNumber - 1) / PartsPerStep, 30);
        var size = (long)basePartSize << step;
        return (int)Math.Min(Math.Min(size, MaxPartSize), Array.MaxLength);
    }

    public static int Validate(int basePartSize) =>
        basePartSize >= S3StoreOptions.MinimumPartSize && basePartSize <= 1024 * 1024 * 1024
            ? basePartSize
            : throw new ArgumentOutOfRangeException(nameof(basePartSize), basePartSize,
                $"The S3 part size must be between {S3StoreOptions.MinimumPartSize} bytes (5 MiB) and 1 GiB.");
}
