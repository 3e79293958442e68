using OpsModule.HelpGenerator;
using OpsModule.HelpGenerator.Commands;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Help;

/// <summary>A page that cannot become correct help stops the build with an error that names the file, the line and the fix.</summary>
public sealed class HelpPageErrorTests
{
    [Theory]
    [InlineData("SYNOPSIS")]
    [InlineData("SYNTAX")]
    [InlineData("DESCRIPTION")]
    [InlineData("EXAMPLES")]
    [InlineData("PARAMETERS")]
    [InlineData("INPUTS")]
    [InlineData("OUTPUTS")]
    public void A_missing_section_is_an_error_that_names_the_file_and_the_section(string section)
    {
        var error = Assert.Throws<HelpDocumentException>(() => SamplePage.Read(SamplePage.Without(section)));

        Assert.Equal(SamplePage.File, error.File);
        Assert.Contains($"## {section}", error.Message);
    }

    [Fact]
    public void A_parameter_shown_in_the_syntax_but_not_documented_is_an_error_at_the_syntax_block()
    {
        var page = SamplePage.With("[-Force] [<CommonParameters>]\n```\n\n## DESCRIPTION", "[-Force] [-Extra] [<CommonParameters>]\n```\n\n## DESCRIPTION");

        var error = Assert.Throws<HelpDocumentException>(() => SamplePage.Read(page));

        Assert.Contains("[Extra]", error.Message);
        Assert.Contains("set ByObject", error.Message);
        Assert.Equal(Line(page, "### ByObject"), error.Line);
    }

    [Fact]
    public void A_syntax_that_shows_a_parameter_otherwise_than_its_yaml_says_how_to_write_it()
    {
        var page = SamplePage.With("Get-Thing [-Name] <String[]>", "Get-Thing [[-Name] <String[]>]");

        var error = Assert.Throws<HelpDocumentException>(() => SamplePage.Read(page));

        Assert.Contains("write it as [-Name] <String[]>", error.Message);
    }

    [Fact]
    public void Prose_the_syntax_block_cannot_read_is_an_error()
    {
        var page = SamplePage.With("[-Kind <ThingKind>]", "[-Kind <ThingKind>] [...as above]");

        var error = Assert.Throws<HelpDocumentException>(() => SamplePage.Read(page));

        Assert.Contains("Cannot read '[...as above]", error.Message);
    }

    [Fact]
    public void A_parameter_without_its_yaml_block_is_an_error_at_its_heading()
    {
        var page = SamplePage.With("The kind.\n\n```yaml\nType: ThingKind", "The kind.\n\n```text\nType: ThingKind");

        var error = Assert.Throws<HelpDocumentException>(() => SamplePage.Read(page));

        Assert.Equal(Line(page, "### -Kind"), error.Line);
        Assert.Contains("-Kind has no ```yaml block", error.Message);
    }

    [Fact]
    public void Two_parameters_under_one_heading_are_refused()
    {
        var page = SamplePage.With("### -Force\n", "### -Force, -Confirm\n");

        var error = Assert.Throws<HelpDocumentException>(() => SamplePage.Read(page));

        Assert.Contains("one parameter per heading", error.Message);
    }

    [Fact]
    public void An_example_without_code_first_is_refused()
    {
        var page = SamplePage.With("### Example 2: from the pipeline\n", "### Example 2: from the pipeline\nFirst some words.\n\n");

        var error = Assert.Throws<HelpDocumentException>(() => SamplePage.Read(page));

        Assert.Contains("starts with its code block", error.Message);
    }

    [Fact]
    public void An_unknown_yaml_key_or_a_wrong_value_is_an_error()
    {
        var key = Assert.Throws<HelpDocumentException>(() => SamplePage.Read(SamplePage.With("Aliases: N, ThingName", "Alias: N")));
        var value = Assert.Throws<HelpDocumentException>(() => SamplePage.Read(SamplePage.With("True (ByPropertyName)", "Yes")));

        Assert.Contains("'Alias: N' is not one of the yaml keys", key.Message);
        Assert.Contains("Accept pipeline input is False, True (ByValue)", value.Message);
    }

    [Fact]
    public void The_command_line_writes_nothing_prints_each_error_in_MSBuild_format_and_exits_1()
    {
        using var folder = new TempDirectory();
        folder.Write("docs/Get-Thing.md", SamplePage.Text);
        folder.Write("docs/Get-Other.md", SamplePage.Text.Replace("Get-Thing", "Get-Other", StringComparison.Ordinal).Replace("## NOTES", "## REMARKS", StringComparison.Ordinal));
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = HelpGeneratorCommandLine.Run(["--docs", folder.File("docs"), "--out", folder.File("en-US")], output, error);

        Assert.Equal(1, exit);
        Assert.Matches(@"Get-Other\.md\(\d+\): error OPSHELP: '## REMARKS' is not a help section", error.ToString());
        Assert.False(Directory.Exists(folder.File("en-US")), "Nothing is written while any page is wrong.");
    }

    [Fact]
    public void The_command_line_writes_one_MAML_file_per_declared_help_file_and_each_about_topic_and_skips_other_pages()
    {
        using var folder = new TempDirectory();
        folder.Write("docs/Get-Thing.md", SamplePage.Text);
        folder.Write("docs/about_Thing.md", "# about_Thing\n\n## SHORT DESCRIPTION\nShort.\n\n## LONG DESCRIPTION\nLong.\n");
        folder.Write("docs/Scheduling.md", "# Scheduling\n\nA guide, not a cmdlet page.\n");
        var output = new StringWriter();

        var exit = HelpGeneratorCommandLine.Run(["--docs", folder.File("docs"), "--out", folder.File("en-US")], output, new StringWriter());

        Assert.Equal(0, exit);
        Assert.Equal(["Sample.dll-Help.xml", "about_Thing.help.txt"], Directory.GetFiles(folder.File("en-US")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("Skipped", output.ToString());
        Assert.Contains("Scheduling.md", output.ToString());
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        var error = new StringWriter();

        Assert.Equal(2, HelpGeneratorCommandLine.Run(["--docs"], new StringWriter(), error));
        Assert.Contains(HelpGeneratorCommandLine.Usage, error.ToString());
    }

    private static int Line(string text, string line) => text.Split('\n').ToList().IndexOf(line) + 1;
}
