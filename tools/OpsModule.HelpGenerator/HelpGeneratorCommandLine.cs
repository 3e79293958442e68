namespace OpsModule.HelpGenerator;

/// <summary>OpsModule.HelpGenerator --docs &lt;folder&gt; --out &lt;folder&gt;: exit 0 when the help was written, 1 on page errors, 2 on usage errors.</summary>
public static class HelpGeneratorCommandLine
{
    public const string Usage = "Usage: OpsModule.HelpGenerator --docs <folder of *.md pages> --out <help folder, e.g. en-US>";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? docs = null, outFolder = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--docs" when i + 1 < args.Length:
                    docs = args[++i];
                    break;
                case "--out" when i + 1 < args.Length:
                    outFolder = args[++i];
                    break;
                default:
                    error.WriteLine($"Unknown argument '{args[i]}'. {Usage}");
                    return 2;
            }
        }

        if (docs is null || outFolder is null)
        {
            error.WriteLine(Usage);
            return 2;
        }

        if (!Directory.Exists(docs))
        {
            error.WriteLine($"{docs}: error OPSHELP: the docs folder does not exist.");
            return 2;
        }

        var result = HelpBuild.Generate(docs, outFolder);
        foreach (var problem in result.Errors)
        {
            error.WriteLine(problem.ToCanonicalError());
        }

        if (result.Errors.Count > 0)
        {
            return 1;
        }

        foreach (var skipped in result.Skipped)
        {
            output.WriteLine($"Skipped {skipped}: neither a cmdlet page (front matter with 'external help file') nor an about_ topic.");
        }

        foreach (var written in result.Written)
        {
            output.WriteLine($"Wrote {written}");
        }

        return 0;
    }
}
