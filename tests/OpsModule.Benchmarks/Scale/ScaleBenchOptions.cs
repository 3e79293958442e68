namespace OpsModule.Benchmarks.Scale;

/// <summary>
/// Command line of the cluster-scale benchmark:
/// <c>scale [--sizes 1000,2500,5000,10000] [--namespaces 50] [--runs 5] [--warmups 1] [--kubectl /usr/bin/kubectl]</c>.
/// </summary>
internal sealed record ScaleBenchOptions
{
    public const string Usage = "scale [--sizes 1000,2500,5000,10000] [--namespaces 50] [--runs 5] [--warmups 1] [--kubectl /usr/bin/kubectl]";

    /// <summary>Total pods per cluster; each is spread evenly over <see cref="Namespaces"/> (a multiple of 5 and at least 10 per namespace).</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [1000, 2500, 5000, 10000];

    public int Namespaces { get; init; } = 50;

    public int Runs { get; init; } = 5;

    public int Warmups { get; init; } = 1;

    public string Kubectl { get; init; } = "/usr/bin/kubectl";

    public static ScaleBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ScaleBenchOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--sizes" => options with { Sizes = value.Split(',').Select(int.Parse).ToList() },
                "--namespaces" => options with { Namespaces = Math.Max(1, int.Parse(value)) },
                "--runs" => options with { Runs = Math.Max(1, int.Parse(value)) },
                "--warmups" => options with { Warmups = Math.Max(0, int.Parse(value)) },
                "--kubectl" => options with { Kubectl = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        foreach (var size in options.Sizes)
        {
            var perNamespace = size / options.Namespaces;
            if (size % options.Namespaces != 0 || perNamespace % BenchNamespace.ReplicasPerDeployment != 0 || perNamespace < 10)
            {
                throw new ArgumentException($"--sizes: {size} pods over {options.Namespaces} namespaces must give a multiple of " +
                                            $"{BenchNamespace.ReplicasPerDeployment} pods (at least 10) per namespace.");
            }
        }

        return options;
    }
}
