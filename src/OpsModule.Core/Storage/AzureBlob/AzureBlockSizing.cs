namespace OpsModule.Core.Storage.AzureBlob;

/// <summary>Block limits of a block blob: 50,000 committed blocks; OpsModule stages blocks of 1 MiB to 256 MiB.</summary>
internal static class AzureBlockSizing
{
    public const int MaxBlocks = 50_000;
    public const int MinimumBlockSize = 1024 * 1024;
    public const int MaximumBlockSize = 256 * 1024 * 1024;

    public static int Validate(int blockSize) =>
        blockSize is >= MinimumBlockSize and <= MaximumBlockSize
            ? blockSize
            : throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, $"The Azure block size must be between {MinimumBlockSize} bytes (1 MiB) and {MaximumBlockSize} bytes (256 MiB).");

    /// <summary>Block ids: base64 of the zero-padded number, all the same length as the service requires.</summary>
    public static string BlockId(int number) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(number.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)));
}
