using System.Text;
using System.Text.RegularExpressions;

namespace OpsModule.Core.Completion;

/// <summary>
/// What the user typed so far for the argument: a prefix, optionally with * and ? wildcards, optionally opened with a quote.
/// Matching is case-insensitive; the typed text matches as a prefix (<c>ecom</c> is <c>ecom*</c>, <c>*shop</c> is <c>*shop*</c>).
/// </summary>
public sealed class CompletionWord
{
    private readonly Regex _pattern;

    private CompletionWord(string text, char? quote)
    {
        Text = text;
        Quote = quote;
        var regex = new StringBuilder("^");
        foreach (var c in text)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        _pattern = new Regex(regex.Append(".*$").ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    /// <summary>The typed text without its quotes.</summary>
    public string Text { get; }

    /// <summary>The quote the user opened the argument with, if any; the completion keeps it.</summary>
    public char? Quote { get; }

    /// <param name="typed">wordToComplete as PowerShell passes it: may be null, empty, or quoted (<c>'ecom</c>, <c>'ecom'</c>).</param>
    public static CompletionWord Parse(string? typed)
    {
        var text = typed ?? string.Empty;
        char? quote = null;
        if (text.Length > 0 && IsQuote(text[0]))
        {
            quote = text[0] is '"' or '\u201C' or '\u201D' or '\u201E' ? '"' : '\'';
            text = text[1..];
            if (text.Length > 0 && IsQuote(text[^1]))
            {
                text = text[..^1];
            }
        }

        return new CompletionWord(text, quote);
    }

    public bool Matches(string name) => _pattern.IsMatch(name);

    /// <summary>
    /// The text that replaces the typed word: the name as is when PowerShell reads it back as that same bare word, else
    /// single-quoted (the user's own quote kept); quotes inside are doubled.
    /// </summary>
    public string Format(string name)
    {
        if (Quote is null && !NeedsQuotes(name))
        {
            return name;
        }

        var quote = Quote ?? '\'';
        var escaped = quote == '\''
            ? name.Replace("'", "''", StringComparison.Ordinal)
            : name.Replace("`", "``", StringComparison.Ordinal).Replace("\"", "`\"", StringComparison.Ordinal).Replace("$", "`$", StringComparison.Ordinal);
        return quote + escaped + quote;
    }

    private static bool IsQuote(char c) => c is '\'' or '"' or '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u201C' or '\u201D' or '\u201E';

    /// <summary>
    /// Characters that end, split or change a bare PowerShell argument; a first character that starts a parameter or a splat;
    /// and names PowerShell would read as a number (<c>1e5</c>, <c>10gb</c>, <c>0x1f</c>).
    /// </summary>
    private static bool NeedsQuotes(string name) =>
        name.Length == 0
        || name.Any(c => char.IsWhiteSpace(c) || IsQuote(c) || c is '`' or '$' or '(' or ')' or '{' or '}' or '[' or ']' or ',' or ';' or '|' or '&' or '<' or '>' or '#')
        || name[0] is '@' or '-'
        || (char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '.'));
}
