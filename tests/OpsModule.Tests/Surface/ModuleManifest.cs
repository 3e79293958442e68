using System.Text;
using System.Text.RegularExpressions;

namespace OpsModule.Tests.Surface;

/// <summary>
/// Reads the few keys the tests need from OpsModule.psd1 (a PowerShell data file) without PowerShell:
/// comments are stripped, values are single- or double-quoted strings or @(...) lists of them.
/// </summary>
internal sealed class ModuleManifest
{
    private readonly string _text;

    private ModuleManifest(string text) => _text = StripComments(text);

    public static ModuleManifest Load(string path) => new(File.ReadAllText(path));

    public static ModuleManifest Parse(string text) => new(text);

    /// <summary>The value of a scalar key, or null when absent.</summary>
    public string? Scalar(string key)
    {
        var match = Regex.Match(_text, $@"(?im)^\s*{Regex.Escape(key)}\s*=\s*(?:'(?<v>[^']*)'|""(?<v>[^""]*)"")");
        return match.Success ? match.Groups["v"].Value : null;
    }

    /// <summary>The strings of an <c>@( ... )</c> list key, or null when the key is absent or not written as a list.</summary>
    public IReadOnlyList<string>? List(string key)
    {
        var match = Regex.Match(_text, $@"(?is)(?:^|[\s;{{])\s*{Regex.Escape(key)}\s*=\s*@\((?<items>[^)]*)\)");
        if (!match.Success)
        {
            return null;
        }

        return Regex.Matches(match.Groups["items"].Value, @"'(?<v>[^']*)'|""(?<v>[^""]*)""").Select(m => m.Groups["v"].Value).ToList();
    }

    private static string StripComments(string text)
    {
        var result = new StringBuilder(text.Length);
        char? quote = null;
        var inComment = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (inComment)
            {
                if (ch == '>' && i > 0 && text[i - 1] == '#')
                {
                    inComment = false;
                }

                continue;
            }

            if (quote is null && ch == '<' && i + 1 < text.Length && text[i + 1] == '#')
            {
                inComment = true;
                i++;
                continue;
            }

            if (quote is null && ch == '#')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                result.Append('\n');
                continue;
            }

            if (ch is '\'' or '"')
            {
                quote = quote is null ? ch : quote == ch ? null : quote;
            }

            result.Append(ch);
        }

        return result.ToString();
    }
}
