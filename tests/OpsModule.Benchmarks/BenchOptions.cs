namespace OpsModule.Benchmarks;

/// <summary>Command line of the health benchmark: <c>health [--pods 500] [--runs 7] [--warmups 2] [--sizes 100,250,500,1000] [--kubectl /usr/bin/kubectl] [--headline-kubectl-only]</c>.</summary>
internal sealed record BenchOptions
{
    public int Pods { get; init; } = 500;

    public int Runs { get; init; } = 7;

    /// <summary>Unrecorded rounds before the measured ones.</summary>
    public int Warmups { get; init; } = 2;

    /// <summary>Pod counts of the linearity series; empty skips it.</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [100, 250, 500, 1000];

    public string Kubectl { get; init; } = "/usr/bin/kubectl";

    /// <summary>Also time the kubectl sequence at every size of the series (not only the headline size).</summary>
    public bool KubectlAtEverySize { get; init; } = true;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--headline-kubectl-only")
            {
                options = options with { KubectlAtEverySize = false };
                continue;
            }

            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--pods" => options with { Pods = int.Parse(value) },
                "--warmups" => options with { Warmups = Math.Max(0, int.Parse(value)) },
                "--runs" => options with { Runs = Math.Max(1, int.Parse(value)) },
                "--sizes" => options with { Sizes = value == "none" ? [] : value.Split(',').Select(int.Parse).ToList() },
                "--kubectl" => options with { Kubectl = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }

        return options;
    }
}
