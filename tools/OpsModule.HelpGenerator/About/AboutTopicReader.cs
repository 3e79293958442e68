using OpsModule.HelpGenerator.Markdown;

namespace OpsModule.HelpGenerator.About;

/// <summary>
/// Reads docs/about_&lt;Name&gt;.md: "# about_Name", then "## SHORT DESCRIPTION", "## LONG DESCRIPTION" and any further
/// ## sections (### sub-sections allowed), each rendered as a section of the topic.
/// </summary>
public static class AboutTopicReader
{
    public static bool IsAboutPage(string path) => Path.GetFileName(path).StartsWith("about_", StringComparison.OrdinalIgnoreCase);

    public static AboutTopic Read(MarkdownPage page)
    {
        var file = page.File;
        if (page.Sections is not [{ Level: 1 } title])
        {
            throw new HelpDocumentException(file, page.Sections.FirstOrDefault()?.Line ?? 1, "An about topic has one '# about_Name' title and ## sections under it.");
        }

        if (!string.Equals(Path.GetFileNameWithoutExtension(file), title.Title, StringComparison.OrdinalIgnoreCase))
        {
            throw new HelpDocumentException(file, title.Line, $"The title '# {title.Title}' is not the file's name ({Path.GetFileNameWithoutExtension(file)}).");
        }

        if (TextBlockParser.Parse(file, title.Body).FirstOrDefault() is { } stray)
        {
            throw new HelpDocumentException(file, stray.Line, "Text between the title and ## SHORT DESCRIPTION belongs in a section.");
        }

        string[] expected = ["SHORT DESCRIPTION", "LONG DESCRIPTION"];
        for (var i = 0; i < expected.Length; i++)
        {
            if (title.Children.Count <= i || !title.Children[i].Title.Equals(expected[i], StringComparison.OrdinalIgnoreCase))
            {
                throw new HelpDocumentException(file, title.Children.Count > i ? title.Children[i].Line : title.Line,
                    $"An about topic's sections begin with ## SHORT DESCRIPTION, then ## LONG DESCRIPTION; section {i + 1} must be ## {expected[i]}.");
            }
        }

        foreach (var required in title.Children.Take(2))
        {
            if (TextBlockParser.Parse(file, required.Body).Count == 0 && required.Children.Count == 0)
            {
                throw new HelpDocumentException(file, required.Line, $"## {required.Title} is empty.");
            }
        }

        var sections = new List<AboutSection>();
        foreach (var section in title.Children)
        {
            Add(file, section, sections);
        }

        return new AboutTopic(title.Title, sections);
    }

    private static void Add(string file, MarkdownSection section, List<AboutSection> sections)
    {
        if (section.Level > 3)
        {
            throw new HelpDocumentException(file, section.Line, "An about topic goes two heading levels deep (## and ###).");
        }

        sections.Add(new AboutSection(section.Title, section.Level, TextBlockParser.Parse(file, section.Body)));
        foreach (var child in section.Children)
        {
            Add(file, child, sections);
        }
    }
}
