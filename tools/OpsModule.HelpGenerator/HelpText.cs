using OpsModule.HelpGenerator.Markdown;

namespace OpsModule.HelpGenerator;

/// <summary>Markdown blocks as the paragraphs of console help: PowerShell wraps prose itself and keeps a code block's lines.</summary>
public static class HelpText
{
    /// <summary>One paragraph per block, except that the items of one list, and the rows of one table, share a paragraph, one per line.</summary>
    public static IEnumerable<string> Paragraphs(IEnumerable<TextBlock> blocks)
    {
        var list = new List<string>();
        foreach (var block in blocks)
        {
            if (block is ListItemBlock item)
            {
                list.Add(new string(' ', item.Depth * 2) + $"{Bullet(item.Marker)} {InlineText.ToPlain(item.Text)}");
                continue;
            }

            if (list.Count > 0)
            {
                yield return string.Join('\n', list);
                list.Clear();
            }

            yield return block switch
            {
                ParagraphBlock p => InlineText.ToPlain(p.Text),
                CodeBlock code => string.Join('\n', code.Lines),
                TableBlock table => string.Join('\n', table.Rows.Select(row => "- " + Row(table.Header, row))),
                _ => throw new ArgumentOutOfRangeException(nameof(blocks), block, "Unknown block."),
            };
        }

        if (list.Count > 0)
        {
            yield return string.Join('\n', list);
        }
    }

    /// <summary>A bulleted item keeps "-", a numbered one its number.</summary>
    public static string Bullet(string marker) => char.IsDigit(marker[0]) ? marker : "-";

    /// <summary>A table row as one line: "first: second" for two columns, "first: Header2 second; Header3 third" for more.</summary>
    public static string Row(IReadOnlyList<string> header, IReadOnlyList<string> row)
    {
        var cells = row.Select(InlineText.ToPlain).ToList();
        if (cells.Count <= 2)
        {
            return string.Join(": ", cells.Where(c => c.Length > 0));
        }

        var rest = cells.Skip(1).Select((cell, i) => (Cell: cell, Header: i + 1 < header.Count ? InlineText.ToPlain(header[i + 1]) : string.Empty))
            .Where(c => c.Cell.Length > 0)
            .Select(c => c.Header.Length > 0 ? $"{c.Header} {c.Cell}" : c.Cell);
        return $"{cells[0]}: {string.Join("; ", rest)}";
    }
}
