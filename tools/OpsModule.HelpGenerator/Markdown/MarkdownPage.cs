using System.Text.RegularExpressions;

namespace OpsModule.HelpGenerator.Markdown;

/// <summary>
/// A help page split into its front matter (the PlatyPS header between --- lines) and its heading tree.
/// Lines inside fenced code blocks are never headings: a "# comment" in an example stays in the example.
/// </summary>
public sealed partial class MarkdownPage
{
    private MarkdownPage(string file, IReadOnlyDictionary<string, string> frontMatter, IReadOnlyList<MarkdownSection> sections)
    {
        File = file;
        FrontMatter = frontMatter;
        Sections = sections;
    }

    public string File { get; }

    public IReadOnlyDictionary<string, string> FrontMatter { get; }

    /// <summary>The top-level headings (normally one: "# Name").</summary>
    public IReadOnlyList<MarkdownSection> Sections { get; }

    public static MarkdownPage Load(string path) => Parse(path, System.IO.File.ReadAllText(path));

    public static MarkdownPage Parse(string file, string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select((t, i) => new SourceLine(i + 1, t)).ToList();
        var start = 0;
        var frontMatter = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (lines.Count > 0 && lines[0].Text.Trim() == "---")
        {
            var end = lines.FindIndex(1, l => l.Text.Trim() == "---");
            if (end < 0)
            {
                throw new HelpDocumentException(file, 1, "The front matter that starts with --- never ends: close it with a --- line.");
            }

            foreach (var line in lines.Skip(1).Take(end - 1).Where(l => !l.IsBlank))
            {
                var colon = line.Text.IndexOf(':');
                if (colon <= 0)
                {
                    throw new HelpDocumentException(file, line.Number, $"Front matter lines are 'key: value'; '{line.Text.Trim()}' is not.");
                }

                frontMatter[line.Text[..colon].Trim()] = line.Text[(colon + 1)..].Trim();
            }

            start = end + 1;
        }

        var headings = FindHeadings(file, lines, start);
        var preamble = lines.Skip(start).TakeWhile(l => headings.Count == 0 || l.Number < headings[0].Line.Number).Where(l => !l.IsBlank).ToList();
        if (preamble.Count > 0)
        {
            throw new HelpDocumentException(file, preamble[0].Number, "Text before the first heading: a help page starts with '# <name>'.");
        }

        var index = 0;
        var sections = new List<MarkdownSection>();
        while (index < headings.Count)
        {
            sections.Add(Build(lines, headings, ref index));
        }

        return new MarkdownPage(file, frontMatter, sections);
    }

    private static MarkdownSection Build(List<SourceLine> lines, List<Heading> headings, ref int index)
    {
        var heading = headings[index++];
        var bodyEnd = index < headings.Count ? headings[index].Line.Number - 1 : lines.Count;
        var body = lines.Skip(heading.Line.Number).Take(bodyEnd - heading.Line.Number).ToList();
        var children = new List<MarkdownSection>();
        while (index < headings.Count && headings[index].Level > heading.Level)
        {
            children.Add(Build(lines, headings, ref index));
        }

        return new MarkdownSection(heading.Title, heading.Level, heading.Line.Number, body, children);
    }

    private static List<Heading> FindHeadings(string file, List<SourceLine> lines, int start)
    {
        var headings = new List<Heading>();
        SourceLine? openFence = null;
        foreach (var line in lines.Skip(start))
        {
            if (IsFence(line.Text))
            {
                openFence = openFence is null ? line : null;
                continue;
            }

            if (openFence is null && HeadingPattern().Match(line.Text) is { Success: true } match)
            {
                headings.Add(new Heading(match.Groups[1].Length, match.Groups[2].Value.Trim(), line));
            }
        }

        if (openFence is { } fence)
        {
            throw new HelpDocumentException(file, fence.Number, "This code block (```) is never closed.");
        }

        return headings;
    }

    internal static bool IsFence(string text) => text.TrimStart().StartsWith("```", StringComparison.Ordinal);

    [GeneratedRegex(@"^(#{1,6})\s+(.+?)\s*$")]
    private static partial Regex HeadingPattern();

    private sealed record Heading(int Level, string Title, SourceLine Line);
}
