using OpsModule.HelpGenerator;
using OpsModule.HelpGenerator.About;
using OpsModule.HelpGenerator.Markdown;

namespace OpsModule.Tests.Help;

/// <summary>docs/about_*.md becomes a plain-text about topic: PowerShell's section layout, prose wrapped at 80 columns, code untouched.</summary>
public sealed class AboutTopicTests
{
    private const string Page = """
        # about_Thing

        ## SHORT DESCRIPTION
        Explains things.

        ## LONG DESCRIPTION
        Things are explained here at some length, long enough that this paragraph needs to be wrapped more than once, at the eightieth column, with **bold** words plain and `code spans like this one` kept whole.

        - a list item that is also long enough to need a second line, which is indented under its text
        - a short one

        ## USING THINGS
        ```powershell
        Get-Thing -Name a | Where-Object Kind -eq Big | Sort-Object Name | Select-Object -First 10
        ```

        ### In scripts
        Short.
        """;

    private static string Render(string page = Page)
        => AboutTopicWriter.Write(AboutTopicReader.Read(MarkdownPage.Parse("docs/about_Thing.md", page)));

    [Fact]
    public void The_topic_starts_with_TOPIC_then_the_short_and_long_description_and_the_other_sections_in_order()
    {
        var headings = Render().Split('\n').Where(l => l.Length > 0 && !l.StartsWith(' ')).ToList();

        Assert.Equal(["TOPIC", "SHORT DESCRIPTION", "LONG DESCRIPTION", "USING THINGS"], headings);
        Assert.StartsWith("TOPIC\n    about_Thing\n\nSHORT DESCRIPTION\n    Explains things.\n\nLONG DESCRIPTION\n", Render());
        Assert.Contains("\n  IN SCRIPTS\n    Short.\n", Render());
    }

    [Fact]
    public void Prose_is_wrapped_at_80_columns_indented_4_and_list_items_hang_under_their_text()
    {
        var lines = Render().Split('\n');
        var prose = lines.SkipWhile(l => l != "LONG DESCRIPTION").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        var item = lines.SkipWhile(l => !l.StartsWith("    - a list item", StringComparison.Ordinal)).Take(2).ToList();

        Assert.True(prose.Count >= 3, string.Join('\n', prose));
        Assert.All(prose, l => Assert.True(l.Length <= 80 && l.StartsWith("    ", StringComparison.Ordinal) && l[4] != ' ', l));
        Assert.Contains("bold words plain", string.Join(' ', prose.Select(l => l.Trim())));
        Assert.Contains(prose, l => l.Contains("`code spans like this one`", StringComparison.Ordinal));
        Assert.StartsWith("      ", item[1]);
        Assert.NotEqual(' ', item[1][6]);
        Assert.All(lines, l => Assert.True(l.Length <= 80 || l.StartsWith("        Get-Thing", StringComparison.Ordinal), l));
    }

    [Fact]
    public void Code_is_indented_8_and_never_wrapped_even_beyond_80_columns()
    {
        Assert.Contains(
            "\n        Get-Thing -Name a | Where-Object Kind -eq Big | Sort-Object Name | Select-Object -First 10\n",
            Render());
    }

    [Fact]
    public void A_word_longer_than_a_line_stands_alone_and_nothing_is_lost()
    {
        var url = "https://example.com/" + new string('x', 90);

        var lines = TextWrapper.Wrap($"see {url} for more", 4, 4).ToList();

        Assert.Equal(["    see", "    " + url, "    for more"], lines);
    }

    [Fact]
    public void An_about_page_without_LONG_DESCRIPTION_is_an_error_that_names_the_file()
    {
        var page = Page.Replace("## LONG DESCRIPTION\n", "## DETAILS\n", StringComparison.Ordinal);

        var error = Assert.Throws<HelpDocumentException>(() => Render(page));

        Assert.Equal("docs/about_Thing.md", error.File);
        Assert.Contains("LONG DESCRIPTION", error.Message);
        Assert.StartsWith("docs/about_Thing.md(6): error OPSHELP:", error.ToCanonicalError());
    }

    [Fact]
    public void An_empty_SHORT_DESCRIPTION_is_an_error_at_its_heading()
    {
        var page = Page.Replace("Explains things.\n", string.Empty, StringComparison.Ordinal);

        var error = Assert.Throws<HelpDocumentException>(() => Render(page));

        Assert.Equal(3, error.Line);
        Assert.Contains("SHORT DESCRIPTION is empty", error.Message);
    }
}
