namespace OpsModule.Benchmarks.WholeProcess;

/// <summary>
/// Command line of the whole-process benchmark:
/// <c>process [--sizes 10,100,500] [--runs 7] [--warmups 1] [--pwsh &lt;path&gt;] [--module &lt;OpsModule.psd1&gt;] [--kubectl /usr/bin/kubectl]</c>.
/// </summary>
internal sealed record ProcessBenchOptions
{
    public const string Usage =
        "process [--sizes 10,100,500] [--runs 7] [--warmups 1] [--pwsh <pwsh or pwsh.dll>] [--module module/OpsModule/OpsModule.psd1] [--kubectl /usr/bin/kubectl]";

    public IReadOnlyList<int> Sizes { get; init; } = [10, 100, 500];

    public int Runs { get; init; } = 7;

    public int Warmups { get; init; } = 1;

    /// <summary>A pwsh executable, or a pwsh.dll run by dotnet; by default the pwsh of the repository's tool manifest.</summary>
    public string? Pwsh { get; init; }

    public string Module { get; init; } = Path.Combine("module", "OpsModule", "OpsModule.psd1");

    public string Kubectl { get; init; } = "/usr/bin/kubectl";

    public static ProcessBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ProcessBenchOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--sizes" => options with { Sizes = value.Split(',').Select(int.Parse).ToList() },
                "--runs" => options with { Runs = Math.Max(1, int.Parse(value)) },
                "--warmups" => options with { Warmups = Math.Max(0, int.Parse(value)) },
                "--pwsh" => options with { Pwsh = value },
                "--module" => options with { Module = value },
                "--kubectl" => options with { Kubectl = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }
}
