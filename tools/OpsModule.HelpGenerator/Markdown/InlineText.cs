using System.Text.RegularExpressions;

namespace OpsModule.HelpGenerator.Markdown;

/// <summary>
/// Markdown inline markup as plain help text: **bold** (also around code) and *italic* lose their stars, [text](link) keeps its text (and a web address),
/// backslash escapes are resolved. `Code` is left exactly as written, backticks included, as PowerShell's own help shows it.
/// </summary>
public static partial class InlineText
{
    public static string ToPlain(string markdown)
        => string.Concat(CodeSpan().Split(Bold().Replace(markdown, "$1")).Select(part => part.StartsWith('`') ? part : Prose(part)));

    private static string Prose(string text)
    {
        text = Italic().Replace(text, "$1");
        text = Link().Replace(text, m => m.Groups[2].Value.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            ? $"{m.Groups[1].Value} ({m.Groups[2].Value})"
            : m.Groups[1].Value);
        return Escape().Replace(text, "$1");
    }

    // The capturing group keeps the code spans in Split's result.
    [GeneratedRegex(@"(`[^`]*`)")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    // *word* or *a few words*, not a lone * (a wildcard, a multiplication).
    [GeneratedRegex(@"(?<![\w*])\*(\w[^*]*?\w|\w)\*(?![\w*])")]
    private static partial Regex Italic();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]*)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!|<>])")]
    private static partial Regex Escape();
}
