namespace OpsModule.Benchmarks.WholeProcess;

/// <summary>Which pwsh the whole-process benchmark starts.</summary>
internal enum PwshBuild
{
    /// <summary>The dotnet-tool package as restored (IL only: its start-up is JIT compilation).</summary>
    Tool,

    /// <summary>The same files compiled to ReadyToRun, as PowerShell's release packages ship them.</summary>
    Released,
}

/// <summary>
/// Command line of the whole-process benchmark: <c>process [--sizes 10,100,500] [--runs 7] [--warmups 1] [--pwsh &lt;path&gt;]
/// [--pwsh-builds tool,released] [--module &lt;OpsModule.psd1&gt;] [--module-il] [--kubectl /usr/bin/kubectl]</c>.
/// </summary>
internal sealed record ProcessBenchOptions
{
    public const string Usage =
        "process [--sizes 10,100,500] [--runs 7] [--warmups 1] [--pwsh <pwsh or pwsh.dll>] [--pwsh-builds tool,released] " +
        "[--module module/OpsModule/OpsModule.psd1] [--module-il] [--kubectl /usr/bin/kubectl]";

    public IReadOnlyList<int> Sizes { get; init; } = [10, 100, 500];

    public int Runs { get; init; } = 7;

    public int Warmups { get; init; } = 1;

    /// <summary>A pwsh executable, or a pwsh.dll run by dotnet; by default the pwsh of the repository's tool manifest.</summary>
    public string? Pwsh { get; init; }

    /// <summary>The pwsh builds to measure, in the same interleaved rounds; the released one is precompiled from <see cref="Pwsh"/>'s folder.</summary>
    public IReadOnlyList<PwshBuild> PwshBuilds { get; init; } = [PwshBuild.Tool, PwshBuild.Released];

    public string Module { get; init; } = Path.Combine("module", "OpsModule", "OpsModule.psd1");

    /// <summary>Also measure a copy of the module without its per-runtime ReadyToRun folders (<c>dependencies/net*-*</c>).</summary>
    public bool ModuleIl { get; init; }

    public string Kubectl { get; init; } = "/usr/bin/kubectl";

    public static ProcessBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ProcessBenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--module-il")
            {
                options = options with { ModuleIl = true };
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i - 1] switch
            {
                "--sizes" => options with { Sizes = value.Split(',').Select(int.Parse).ToList() },
                "--runs" => options with { Runs = Math.Max(1, int.Parse(value)) },
                "--warmups" => options with { Warmups = Math.Max(0, int.Parse(value)) },
                "--pwsh" => options with { Pwsh = value },
                "--pwsh-builds" => options with { PwshBuilds = ParseBuilds(value) },
                "--module" => options with { Module = value },
                "--kubectl" => options with { Kubectl = value },
                _ => throw new ArgumentException($"unknown option {args[i - 1]}"),
            };
        }

        return options;
    }

    private static List<PwshBuild> ParseBuilds(string value)
    {
        var builds = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name.ToLowerInvariant() switch
            {
                "tool" => PwshBuild.Tool,
                "released" => PwshBuild.Released,
                _ => throw new ArgumentException($"--pwsh-builds takes tool, released or both (tool,released), not '{name}'"),
            })
            .Distinct()
            .ToList();
        return builds.Count > 0 ? builds : throw new ArgumentException("--pwsh-builds needs at least one of tool, released");
    }
}
