using System.Globalization;

namespace OpsModule.Benchmarks.AzureBlob;

/// <summary>Command line of <c>backup-azure</c>: --scale N (pgbench scale, 70 ≈ 1.1 GB), --runs N, --pg-bin.</summary>
internal sealed record AzureBenchOptions(int Scale, int Runs, string BinDirectory)
{
    public const string Usage =
        "backup-azure [--scale 70] [--runs 3] [--pg-bin /usr/lib/postgresql/15/bin]  (needs Node.js with azurite: npm ci --prefix tests/tools)";

    public static AzureBenchOptions Parse(IReadOnlyList<string> args)
    {
        var scale = 70;
        var runs = 3;
        var bin = "/usr/lib/postgresql/15/bin";
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            switch (args[i])
            {
                case "--scale": scale = Positive(value); break;
                case "--runs": runs = Positive(value); break;
                case "--pg-bin": bin = value; break;
                default: throw new ArgumentException($"Unknown option {args[i]}. Usage: {Usage}");
            }
        }

        return new AzureBenchOptions(scale, runs, bin);
    }

    private static int Positive(string value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
        ? n
        : throw new ArgumentException($"'{value}' is not a positive whole number. Usage: {Usage}");
}
