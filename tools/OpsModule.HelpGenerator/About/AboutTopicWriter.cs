using System.Text;
using OpsModule.HelpGenerator.Markdown;

namespace OpsModule.HelpGenerator.About;

/// <summary>
/// Writes an about_ topic in PowerShell's plain-text layout: TOPIC, SHORT DESCRIPTION, LONG DESCRIPTION and the other sections
/// as upper-case headings at the margin, their text indented 4 and wrapped at 80 columns. Code is indented 8 and never wrapped,
/// since a wrapped command is a different command.
/// </summary>
public static class AboutTopicWriter
{
    private const int TextIndent = 4;
    private const int CodeIndent = 8;

    public static string Write(AboutTopic topic)
    {
        var lines = new List<string> { "TOPIC", new string(' ', TextIndent) + topic.Name };
        foreach (var section in topic.Sections)
        {
            lines.Add(string.Empty);
            lines.Add((section.Level == 2 ? string.Empty : "  ") + InlineText.ToPlain(section.Heading).ToUpperInvariant());
            TextBlock? previous = null;
            foreach (var block in section.Blocks)
            {
                // Items of one list stay together; every other block is separated by a blank line.
                if (previous is not null && !(previous is ListItemBlock && block is ListItemBlock))
                {
                    lines.Add(string.Empty);
                }

                lines.AddRange(Render(block));
                previous = block;
            }
        }

        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line.TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    private static IEnumerable<string> Render(TextBlock block) => block switch
    {
        ParagraphBlock p => TextWrapper.Wrap(InlineText.ToPlain(p.Text), TextIndent, TextIndent),
        ListItemBlock item => Item(item.Depth, HelpText.Bullet(item.Marker), InlineText.ToPlain(item.Text)),
        CodeBlock code => code.Lines.Select(l => l.Length == 0 ? l : new string(' ', CodeIndent) + l),
        TableBlock table => table.Rows.SelectMany(row => Item(0, "-", HelpText.Row(table.Header, row))),
        _ => throw new ArgumentOutOfRangeException(nameof(block), block, "Unknown block."),
    };

    private static IEnumerable<string> Item(int depth, string bullet, string text)
    {
        var indent = TextIndent + depth * 2;
        return TextWrapper.Wrap($"{bullet} {text}", indent, indent + bullet.Length + 1);
    }
}
