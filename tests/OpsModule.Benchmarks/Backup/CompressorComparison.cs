using System.Diagnostics;
using System.IO.Compression;

namespace OpsModule.Benchmarks.Backup;

/// <summary>
/// Compressor alone on the same dump text (file in page cache): .NET GZipStream at CompressionLevel.Optimal (what level 6 maps
/// to) vs GNU <c>gzip -6</c>. Separates zlib-vs-gzip speed from the rest of the pipeline.
/// </summary>
internal static class CompressorComparison
{
    public static async Task<(double DotNetSeconds, double GnuSeconds)> MeasureAsync(string dumpFile)
    {
        var watch = Stopwatch.StartNew();
        await using (var input = new FileStream(dumpFile, FileMode.Open, FileAccess.Read, FileShare.Read, 128 * 1024, useAsync: true))
        await using (var gzip = new GZipStream(Stream.Null, CompressionLevel.Optimal))
        {
            await input.CopyToAsync(gzip, 128 * 1024);
        }

        var dotNet = watch.Elapsed.TotalSeconds;
        watch.Restart();
        await ProcessRunner.BashAsync($"gzip -6 < '{dumpFile}' > /dev/null");
        return (dotNet, watch.Elapsed.TotalSeconds);
    }
}
