using System.Text.RegularExpressions;
using OpsModule.HelpGenerator.Markdown;

namespace OpsModule.HelpGenerator.Commands;

/// <summary>
/// Reads one syntax block ("Get-OpsBackup [-Store] &lt;String&gt; [-Latest] [&lt;CommonParameters&gt;]") into its elements,
/// so the page's syntax can be checked against its own parameter metadata.
/// </summary>
public static partial class SyntaxReader
{
    public static IReadOnlyList<SyntaxElement> Read(string file, string command, CodeBlock block)
    {
        var text = string.Join(' ', block.Lines).Trim();
        if (!text.StartsWith(command + " ", StringComparison.OrdinalIgnoreCase) && !text.Equals(command, StringComparison.OrdinalIgnoreCase))
        {
            throw new HelpDocumentException(file, block.Line + 1, $"A syntax block starts with the command name {command}.");
        }

        var rest = text[command.Length..];
        var elements = new List<SyntaxElement>();
        var position = 0;
        // \G makes the matches contiguous: the first text no element pattern reads ends them, and is reported below.
        foreach (Match match in Element().Matches(rest))
        {
            position = match.Index + match.Length;
            if (match.Groups["common"].Success)
            {
                continue;
            }

            var type = match.Groups["type"].Success ? match.Groups["type"].Value.Trim() : null;
            var optional = match.Groups["optional"].Success;
            var positional = match.Groups["positional"].Success;
            elements.Add(new SyntaxElement(match.Groups["name"].Value, Required: !optional, Positional: positional, type));
        }

        if (!string.IsNullOrWhiteSpace(rest[position..]))
        {
            throw Unreadable(file, block, rest[position..]);
        }

        return elements;
    }

    private static HelpDocumentException Unreadable(string file, CodeBlock block, string text)
        => new(file, block.Line + 1,
            $"Cannot read '{text.Trim()}' in this syntax block: write each parameter as PowerShell shows it, e.g. [-Name] <String>, " +
            "[[-Name] <String>], -Name <String>, [-Name <String>], [-Switch], and end with [<CommonParameters>].");

    // [[-Name] <T>] | [-Name] <T> | [-Name <T>] | [-Name] (a switch) | -Name <T> | -Name (a switch) | [<CommonParameters>]
    [GeneratedRegex(
        @"\G\s*(?:(?<common>\[<CommonParameters>\])" +
        @"|(?<optional>\[)(?<positional>\[)-(?<name>[A-Za-z0-9_]+)\]\s*<(?<type>[^>]+)>\]" +
        @"|(?<positional>\[)-(?<name>[A-Za-z0-9_]+)\]\s*<(?<type>[^>]+)>" +
        @"|(?<optional>\[)-(?<name>[A-Za-z0-9_]+)(?:\s+<(?<type>[^>]+)>)?\]" +
        @"|-(?<name>[A-Za-z0-9_]+)(?:\s+<(?<type>[^>]+)>)?)")]
    private static partial Regex Element();
}

/// <summary>A parameter as a syntax line shows it: in brackets when optional, its name in brackets when positional.</summary>
public sealed record SyntaxElement(string Name, bool Required, bool Positional, string? Type);
