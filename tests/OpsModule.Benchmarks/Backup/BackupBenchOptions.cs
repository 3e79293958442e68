using System.Globalization;

namespace OpsModule.Benchmarks.Backup;

/// <summary>Command line of <c>backup</c>: --scale N (headline pgbench scale), --memory-scale N (the small size), --runs N, --no-s3.</summary>
internal sealed record BackupBenchOptions(int Scale, int MemoryScale, int Runs, string BinDirectory, bool S3 = true)
{
    public const string Usage =
        "backup [--scale 20] [--memory-scale 5] [--runs 3] [--pg-bin /usr/lib/postgresql/15/bin] [--no-s3]  (pgbench scale 10 ≈ 160 MB, 70 ≈ 1 GB; S3 rows need s3cmd and s3rver)";

    public static BackupBenchOptions Parse(IReadOnlyList<string> args)
    {
        var scale = 20;
        var memoryScale = 5;
        var runs = 3;
        var bin = "/usr/lib/postgresql/15/bin";
        var s3 = true;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--no-s3")
            {
                s3 = false;
                continue;
            }

            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            switch (args[i])
            {
                case "--scale": scale = Positive(value); break;
                case "--memory-scale": memoryScale = Positive(value); break;
                case "--runs": runs = Positive(value); break;
                case "--pg-bin": bin = value; break;
                default: throw new ArgumentException($"Unknown option {args[i]}. Usage: {Usage}");
            }

            i++;
        }

        return new BackupBenchOptions(scale, memoryScale, runs, bin, s3);
    }

    private static int Positive(string value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
        ? n
        : throw new ArgumentException($"'{value}' is not a positive whole number. Usage: {Usage}");
}
