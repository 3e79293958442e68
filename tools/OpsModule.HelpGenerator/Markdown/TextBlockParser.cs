using System.Text.RegularExpressions;

namespace OpsModule.HelpGenerator.Markdown;

/// <summary>Splits the lines of a section into paragraphs, list items, code blocks and tables.</summary>
public static partial class TextBlockParser
{
    public static IReadOnlyList<TextBlock> Parse(string file, IReadOnlyList<SourceLine> lines)
    {
        var blocks = new List<TextBlock>();
        var i = 0;
        while (i < lines.Count)
        {
            var line = lines[i];
            if (line.IsBlank)
            {
                i++;
            }
            else if (MarkdownPage.IsFence(line.Text))
            {
                blocks.Add(ReadCode(file, lines, ref i));
            }
            else if (IsTableRow(line.Text))
            {
                blocks.Add(ReadTable(file, lines, ref i));
            }
            else if (ListItemPattern().Match(line.Text) is { Success: true } item)
            {
                var text = Continue(item.Groups[3].Value, lines, ref i);
                blocks.Add(new ListItemBlock(line.Number, item.Groups[2].Value, Depth(item.Groups[1].Value), text));
            }
            else
            {
                blocks.Add(new ParagraphBlock(line.Number, Continue(line.Text.Trim(), lines, ref i)));
            }
        }

        return blocks;
    }

    /// <summary>Joins the lines after lines[i] that continue it (not blank, not the start of another block), and moves past them.</summary>
    private static string Continue(string first, IReadOnlyList<SourceLine> lines, ref int i)
    {
        var parts = new List<string> { first.Trim() };
        i++;
        while (i < lines.Count && !lines[i].IsBlank && !MarkdownPage.IsFence(lines[i].Text) && !IsTableRow(lines[i].Text)
               && !ListItemPattern().IsMatch(lines[i].Text))
        {
            parts.Add(lines[i].Text.Trim());
            i++;
        }

        return string.Join(' ', parts);
    }

    private static CodeBlock ReadCode(string file, IReadOnlyList<SourceLine> lines, ref int i)
    {
        var open = lines[i];
        var indent = open.Text.Length - open.Text.TrimStart().Length;
        var language = open.Text.Trim()[3..].Trim();
        var code = new List<string>();
        for (i++; i < lines.Count; i++)
        {
            if (MarkdownPage.IsFence(lines[i].Text))
            {
                i++;
                return new CodeBlock(open.Number, language, code);
            }

            var text = lines[i].Text;
            var removable = Math.Min(indent, text.Length - text.TrimStart().Length);
            code.Add(text[removable..].TrimEnd());
        }

        throw new HelpDocumentException(file, open.Number, "This code block (```) is never closed.");
    }

    private static TableBlock ReadTable(string file, IReadOnlyList<SourceLine> lines, ref int i)
    {
        var start = lines[i];
        var rows = new List<IReadOnlyList<string>>();
        for (; i < lines.Count && IsTableRow(lines[i].Text); i++)
        {
            rows.Add(Cells(lines[i].Text));
        }

        if (rows.Count < 2 || !rows[1].All(c => SeparatorCell().IsMatch(c)))
        {
            throw new HelpDocumentException(file, start.Number, "A table needs a header row and a |---| separator row under it.");
        }

        return new TableBlock(start.Number, rows[0], rows.Skip(2).ToList());
    }

    private static bool IsTableRow(string text) => text.TrimStart().StartsWith('|');

    private static List<string> Cells(string row)
    {
        var trimmed = row.Trim();
        var inner = trimmed.Substring(1, trimmed.EndsWith('|') && trimmed.Length > 1 ? trimmed.Length - 2 : trimmed.Length - 1);
        return EscapedPipeSplit().Split(inner).Select(c => c.Replace(@"\|", "|").Trim()).ToList();
    }

    private static int Depth(string indent) => indent.Replace("\t", "    ").Length / 2;

    [GeneratedRegex(@"^(\s*)([-*+]|\d+[.)])\s+(.*)$")]
    private static partial Regex ListItemPattern();

    [GeneratedRegex(@"^:?-+:?$")]
    private static partial Regex SeparatorCell();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex EscapedPipeSplit();
}
