using OpsModule.HelpGenerator;
using OpsModule.HelpGenerator.Markdown;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Help;

/// <summary>The help the module ships: generated from docs/ without error, and worth reading in the shell.</summary>
public sealed class ShippedHelpTests
{
    [Fact]
    public void The_docs_generate_the_MAML_file_PowerShell_looks_for_and_the_about_topic()
    {
        using var folder = new TempDirectory();

        var result = HelpBuild.Generate(ShippedDocs.Folder, folder.Path);

        Assert.True(result.Errors.Count == 0, string.Join(Environment.NewLine, result.Errors.Select(e => e.ToCanonicalError())));
        Assert.Contains(ShippedDocs.MamlFileName, result.Written.Select(Path.GetFileName));
        Assert.Contains("about_OpsModule.help.txt", result.Written.Select(Path.GetFileName));
        Assert.All(ShippedDocs.Commands, c => Assert.Equal(ShippedDocs.MamlFileName, c.HelpFile));
    }

    [Fact]
    public void Every_cmdlet_page_has_a_real_synopsis_a_description_and_at_least_two_examples_with_remarks()
    {
        var problems = new List<string>();
        foreach (var help in ShippedDocs.Commands)
        {
            if (help.Synopsis.Trim() is "" or "…" or "..." || !help.Synopsis.TrimEnd().EndsWith('.'))
            {
                problems.Add($"{help.Name}: the synopsis '{help.Synopsis}' is not a sentence");
            }

            if (!help.Description.OfType<ParagraphBlock>().Any())
            {
                problems.Add($"{help.Name}: the description has no paragraph");
            }

            if (help.Examples.Count < 2)
            {
                problems.Add($"{help.Name}: {help.Examples.Count} example(s); give at least two");
            }

            problems.AddRange(help.Examples.Where(e => !e.Remarks.OfType<ParagraphBlock>().Any())
                .Select(e => $"{help.Name}: '{e.Title}' has no remarks saying what it does"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_about_topic_fits_80_columns_code_included()
    {
        using var folder = new TempDirectory();
        HelpBuild.Generate(ShippedDocs.Folder, folder.Path);

        var lines = File.ReadAllLines(folder.File("about_OpsModule.help.txt"));

        Assert.True(lines.Length > 20, "The about topic is nearly empty.");
        var wide = lines.Select((l, i) => (Line: l, Number: i + 1)).Where(x => x.Line.Length > 80).ToList();
        Assert.True(wide.Count == 0, "Lines over 80 columns (shorten the code in docs/about_OpsModule.md, e.g. with splatting):"
            + Environment.NewLine + string.Join(Environment.NewLine, wide.Select(x => $"{x.Number}: {x.Line}")));
    }
}
